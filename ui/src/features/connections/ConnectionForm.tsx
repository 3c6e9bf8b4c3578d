// Create or edit a connection (PostgreSQL or an S3 bucket): the SQL name shown live while
// typing a new one, Test before saving, a secret field that is never filled back ("leave blank
// to keep"), and a failure that points at the fields it names (and moves the focus there).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import {
  backend,
  errorMessage,
  BackendError,
  type ConnectionDto,
  type ConnectionSettingsDto,
  type PasswordInputDto,
  type PostgresSettingsDto,
  type S3SettingsDto,
  type SslModeDto,
} from "../../lib/backend";
import { Dialog } from "../../components/ui/Dialog";
import { useDebounced } from "../../lib/useDebounced";
import { useFlaggedFields } from "../../lib/useFlaggedFields";
import { failedFields, type FormField } from "./failedFields";
import { defaultSslMode, isLocalHost } from "./sslDefault";

const SSL_MODES: SslModeDto[] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

const EMPTY_PG: PostgresSettingsDto = {
  host: "localhost",
  port: 5432,
  database: "",
  user: "",
  sslMode: "prefer",
  allowWrites: false,
  schemas: [],
};

const EMPTY_S3: S3SettingsDto = {
  bucket: "",
  region: "us-east-1",
  endpoint: null,
  pathStyle: false,
  useSsl: true,
  accessKeyId: null,
  credentialChain: false,
};

type Kind = ConnectionSettingsDto["kind"];

interface Props {
  /** The connection being edited; null for a new one. */
  existing: ConnectionDto | null;
  keychain: boolean;
  onSaved: (c: ConnectionDto) => void;
  onDeleted: (id: number) => void;
  onClose: () => void;
}

type Check = { state: "idle" } | { state: "busy" } | { state: "ok" } | { state: "failed"; message: string };

export function ConnectionForm({ existing, keychain, onSaved, onDeleted, onClose }: Props) {
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<Kind>(existing?.settings.kind ?? "postgres");
  const [sslChosen, setSslChosen] = useState(existing !== null);
  const [pg, setPg] = useState<PostgresSettingsDto>(
    existing?.settings.kind === "postgres" ? { ...existing.settings, schemas: existing.settings.schemas ?? [] } : EMPTY_PG,
  );
  const [schemasText, setSchemasText] = useState(pg.schemas.join(", "));
  const [s3, setS3] = useState<S3SettingsDto>(
    existing?.settings.kind === "s3"
      ? {
          ...existing.settings,
          endpoint: existing.settings.endpoint ?? null,
          accessKeyId: existing.settings.accessKeyId ?? null,
          credentialChain: existing.settings.credentialChain ?? false,
        }
      : EMPTY_S3,
  );
  const [password, setPassword] = useState("");
  const [clearPassword, setClearPassword] = useState(false);
  const [check, setCheck] = useState<Check>({ state: "idle" });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The fields the last failure named; editing one clears its mark. */
  const { container: form, flag, edited, invalid } = useFlaggedFields<FormField>("connection-failure");
  const [confirmDelete, setConfirmDelete] = useState(false);

  // A new connection's SQL name follows its name (asked once typing stops); an existing one's
  // never changes.
  const askedName = useDebounced(name, 150);
  const named = useQuery({
    queryKey: ["connectionIdentifier", askedName],
    queryFn: () => backend.connectionIdentifier(askedName),
    enabled: !existing && askedName.trim() !== "",
    // The last name's identifier stays shown while the next is asked.
    placeholderData: keepPreviousData,
  });
  const identifier: { ok: boolean; text: string } = existing
    ? { ok: true, text: existing.identifier }
    : name.trim() === ""
      ? { ok: false, text: "type a name" }
      : named.error
        ? { ok: false, text: errorMessage(named.error) }
        : { ok: named.data !== undefined, text: named.data ?? "" };
  const passwordInput = (): PasswordInputDto =>
    password !== "" ? { action: "set", value: password } : clearPassword ? { action: "clear" } : { action: "keep" };
  const settings: ConnectionSettingsDto =
    kind === "postgres"
      ? { kind, ...pg, port: Number(pg.port) }
      : {
          kind,
          ...s3,
          endpoint: s3.endpoint?.trim() ? s3.endpoint.trim() : null,
          accessKeyId: s3.accessKeyId?.trim() ? s3.accessKeyId.trim() : null,
        };
  const missing =
    !name.trim() ||
    (kind === "postgres"
      ? !pg.host.trim() || !pg.database.trim() || !pg.user.trim() || !(Number(pg.port) > 0)
      : !s3.bucket.trim() || !s3.region.trim());
  const secretLabel = kind === "postgres" ? "Password" : "Secret access key";

  /** Marks the fields a connection failure names (by its typed reason). */
  const pointAt = (e: unknown) =>
    flag(e instanceof BackendError && e.error.kind === "Connection" ? failedFields(e.error.data.reason, kind) : []);

  const test = async () => {
    setCheck({ state: "busy" });
    try {
      await backend.testConnection(settings, passwordInput(), existing?.id ?? null);
      setCheck({ state: "ok" });
      flag([]);
    } catch (e) {
      setCheck({ state: "failed", message: errorMessage(e) });
      pointAt(e);
    }
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = existing
        ? await backend.updateConnection(existing.id, name, settings, passwordInput())
        : await backend.createConnection(name, settings, password === "" ? null : password);
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e));
      pointAt(e);
    } finally {
      setSaving(false);
    }
  };

  const field = (key: keyof PostgresSettingsDto, label: string, type = "text") => (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        value={String(pg[key])}
        onChange={(e) => {
          const value = type === "number" ? Number(e.target.value) : e.target.value;
          // Until the user picks an SSL mode, it follows the host (see defaultSslMode).
          const ssl = key === "host" && !sslChosen ? { sslMode: defaultSslMode(String(value)) } : {};
          setPg({ ...pg, [key]: value, ...ssl });
          edited(key as FormField);
        }}
        aria-label={label}
        {...invalid(key as FormField)}
      />
    </label>
  );

  const s3Field = (key: "bucket" | "region" | "endpoint" | "accessKeyId", label: string, placeholder = "") => (
    <label className="field">
      <span>{label}</span>
      <input
        value={s3[key] ?? ""}
        placeholder={placeholder}
        onChange={(e) => {
          setS3({ ...s3, [key]: e.target.value });
          edited(key as FormField);
        }}
        aria-label={label}
        {...invalid(key as FormField)}
      />
    </label>
  );

  return (
    <Dialog title={existing ? "Edit connection" : "New connection"} showTitle={false} onClose={onClose} className="connection-form">
      <form
        ref={(el) => {
          form.current = el;
        }}
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>{existing ? `Edit “${existing.name}”` : "New connection"}</h2>
        {!existing && (
          <div className="segmented" role="radiogroup" aria-label="Kind">
            {(["postgres", "s3"] as const).map((k) => (
              <label key={k} className={kind === k ? "on" : ""}>
                <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
                {k === "postgres" ? "PostgreSQL" : "S3 bucket"}
              </label>
            ))}
          </div>
        )}
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Name" autoFocus />
        </label>
        <div className={identifier.ok ? "hint" : "hint error"} data-testid="identifier">
          {identifier.ok ? (
            <>
              Tables are queried as{" "}
              <code>{kind === "postgres" ? `${identifier.text || "…"}.schema.table` : `${identifier.text || "…"}.table`}</code>
              {existing && " (the SQL name stays when the name changes)"}
            </>
          ) : (
            identifier.text
          )}
        </div>
        {kind === "postgres" ? (
          <>
            <div className="field-row">
              {field("host", "Host")}
              {field("port", "Port", "number")}
            </div>
            {field("database", "Database")}
            {field("user", "User")}
            <label className="field">
              <span>Schemas (optional, comma-separated; blank lists all)</span>
              <input
                value={schemasText}
                onChange={(e) => {
                  // The text stays as typed (commas included); the list is what it names.
                  setSchemasText(e.target.value);
                  setPg({
                    ...pg,
                    schemas: e.target.value
                      .split(",")
                      .map((x) => x.trim())
                      .filter((x) => x !== ""),
                  });
                }}
                aria-label="Schemas"
                placeholder="public, sales"
              />
            </label>
          </>
        ) : (
          <>
            <div className="field-row">
              {s3Field("bucket", "Bucket")}
              {s3Field("region", "Region")}
            </div>
            {s3Field("endpoint", "Endpoint", "AWS S3; or host:port of MinIO, R2, …")}
            <label className="check">
              <input type="checkbox" checked={s3.pathStyle} onChange={(e) => setS3({ ...s3, pathStyle: e.target.checked })} />
              Path-style URLs (most S3-compatible stores)
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={s3.useSsl}
                onChange={(e) => {
                  setS3({ ...s3, useSsl: e.target.checked });
                  edited("useSsl");
                }}
                {...invalid("useSsl")}
              />
              Use TLS (https)
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={s3.credentialChain}
                onChange={(e) => setS3({ ...s3, credentialChain: e.target.checked })}
              />
              AWS default credentials (environment, ~/.aws, SSO, instance role)
            </label>
            {!s3.credentialChain && s3Field("accessKeyId", "Access key ID", "blank for a public bucket")}
          </>
        )}
        {!(kind === "s3" && s3.credentialChain) && (
        <label className="field">
          <span>{secretLabel}</span>
          <input
            type="password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setClearPassword(false);
              edited("secret");
            }}
            aria-label={secretLabel}
            {...invalid("secret")}
            placeholder={existing?.hasPassword ? "stored — leave blank to keep" : ""}
            autoComplete="new-password"
          />
        </label>
        )}
        {existing?.hasPassword && password === "" && (
          <label className="check">
            <input type="checkbox" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} />
            Remove the stored {secretLabel.toLowerCase()}
          </label>
        )}
        {!keychain && (
          <div className="hint warn">No keychain is available: secrets are kept only until QBox quits.</div>
        )}
        {kind === "postgres" && (
          <>
            <label className="field">
              <span>SSL mode</span>
              <select
                value={pg.sslMode}
                onChange={(e) => {
                  setSslChosen(true);
                  setPg({ ...pg, sslMode: e.target.value as SslModeDto });
                  edited("sslMode");
                }}
                aria-label="SSL mode"
                {...invalid("sslMode")}
              >
                {SSL_MODES.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <div className="hint" data-testid="ssl-hint">
              {isLocalHost(pg.host)
                ? "On this machine: prefer (TLS when the server offers it)."
                : "A server elsewhere: require, so the password and the data never cross the network unencrypted."}
            </div>
            <label className="check">
              <input type="checkbox" checked={pg.allowWrites} onChange={(e) => setPg({ ...pg, allowWrites: e.target.checked })} />
              Allow writes (attached read-only otherwise)
            </label>
          </>
        )}
        <div className="check-result" data-testid="test-result" data-state={check.state} aria-live="polite">
          {check.state === "busy" && "Connecting…"}
          {check.state === "ok" && "✓ Connected"}
          {check.state === "failed" && (
            <span className="status-error" id="connection-failure">
              {check.message}
            </span>
          )}
        </div>
        {error && (
          <div className="status-error" role="alert" id={check.state === "failed" ? undefined : "connection-failure"}>
            {error}
          </div>
        )}
        <div className="modal-actions">
          {existing &&
            (confirmDelete ? (
              <span className="confirm-inline">
                Delete it? Queries keep its tables, shown as broken.
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    void backend
                      .deleteConnection(existing.id)
                      .then(() => onDeleted(existing.id))
                      .catch((e: unknown) => setError(errorMessage(e)))
                  }
                >
                  Delete
                </button>
                <button type="button" onClick={() => setConfirmDelete(false)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" className="left" onClick={() => setConfirmDelete(true)}>
                Delete…
              </button>
            ))}
          <span className="spacer" />
          <button type="button" onClick={() => void test()} disabled={missing || check.state === "busy"} data-testid="test-connection">
            Test
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={missing || !identifier.ok || saving} data-testid="save-connection">
            {saving ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
