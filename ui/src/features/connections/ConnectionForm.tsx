// Create or edit a PostgreSQL connection: the SQL name shown live while typing a new one,
// Test before saving, a password field that is never filled back ("leave blank to keep").
import { useEffect, useState } from "react";

import {
  backend,
  BackendError,
  type ConnectionDto,
  type PasswordInputDto,
  type PostgresSettingsDto,
  type SslModeDto,
} from "../../lib/backend";

const SSL_MODES: SslModeDto[] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

const EMPTY: PostgresSettingsDto = {
  host: "localhost",
  port: 5432,
  database: "",
  user: "",
  sslMode: "prefer",
  allowWrites: false,
};

interface Props {
  /** The connection being edited; null for a new one. */
  existing: ConnectionDto | null;
  keychain: boolean;
  onSaved: (c: ConnectionDto) => void;
  onDeleted: (id: number) => void;
  onClose: () => void;
}

type Check = { state: "idle" } | { state: "busy" } | { state: "ok" } | { state: "failed"; message: string };

const text = (e: unknown) => (e instanceof BackendError || e instanceof Error ? e.message : String(e));

export function ConnectionForm({ existing, keychain, onSaved, onDeleted, onClose }: Props) {
  const [name, setName] = useState(existing?.name ?? "");
  const [pg, setPg] = useState<PostgresSettingsDto>(existing ? { ...existing.settings } : EMPTY);
  const [password, setPassword] = useState("");
  const [clearPassword, setClearPassword] = useState(false);
  const [identifier, setIdentifier] = useState<{ ok: boolean; text: string }>({ ok: true, text: existing?.identifier ?? "" });
  const [check, setCheck] = useState<Check>({ state: "idle" });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  // A new connection's SQL name follows its name; an existing one's never changes.
  useEffect(() => {
    if (existing) return;
    if (name.trim() === "") {
      setIdentifier({ ok: false, text: "type a name" });
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      backend
        .connectionIdentifier(name)
        .then((id) => live && setIdentifier({ ok: true, text: id }))
        .catch((e: unknown) => live && setIdentifier({ ok: false, text: text(e) }));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [name, existing]);

  const passwordInput = (): PasswordInputDto =>
    password !== "" ? { action: "set", value: password } : clearPassword ? { action: "clear" } : { action: "keep" };
  const settings = { kind: "postgres" as const, ...pg, port: Number(pg.port) };
  const missing = !name.trim() || !pg.host.trim() || !pg.database.trim() || !pg.user.trim() || !(Number(pg.port) > 0);

  const test = async () => {
    setCheck({ state: "busy" });
    try {
      await backend.testConnection(settings, passwordInput(), existing?.id ?? null);
      setCheck({ state: "ok" });
    } catch (e) {
      setCheck({ state: "failed", message: text(e) });
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
      setError(text(e));
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
        onChange={(e) => setPg({ ...pg, [key]: type === "number" ? Number(e.target.value) : e.target.value })}
        aria-label={label}
      />
    </label>
  );

  return (
    <div className="modal-backdrop" role="dialog" aria-modal="true" aria-label={existing ? "Edit connection" : "New connection"}>
      <form
        className="modal connection-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>{existing ? `Edit “${existing.name}”` : "New PostgreSQL connection"}</h2>
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Name" autoFocus />
        </label>
        <div className={identifier.ok ? "hint" : "hint error"} data-testid="identifier">
          {identifier.ok ? (
            <>
              Tables are queried as <code>{identifier.text || "…"}.schema.table</code>
              {existing && " (the SQL name stays when the name changes)"}
            </>
          ) : (
            identifier.text
          )}
        </div>
        <div className="field-row">
          {field("host", "Host")}
          {field("port", "Port", "number")}
        </div>
        {field("database", "Database")}
        {field("user", "User")}
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setClearPassword(false);
            }}
            aria-label="Password"
            placeholder={existing?.hasPassword ? "stored — leave blank to keep" : ""}
            autoComplete="new-password"
          />
        </label>
        {existing?.hasPassword && password === "" && (
          <label className="check">
            <input type="checkbox" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} />
            Remove the stored password
          </label>
        )}
        {!keychain && (
          <div className="hint warn">No keychain is available: the password is kept only until QBox quits.</div>
        )}
        <label className="field">
          <span>SSL mode</span>
          <select value={pg.sslMode} onChange={(e) => setPg({ ...pg, sslMode: e.target.value as SslModeDto })} aria-label="SSL mode">
            {SSL_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={pg.allowWrites} onChange={(e) => setPg({ ...pg, allowWrites: e.target.checked })} />
          Allow writes (attached read-only otherwise)
        </label>
        <div className="check-result" data-testid="test-result" data-state={check.state} aria-live="polite">
          {check.state === "busy" && "Connecting…"}
          {check.state === "ok" && "✓ Connected"}
          {check.state === "failed" && <span className="status-error">{check.message}</span>}
        </div>
        {error && (
          <div className="status-error" role="alert">
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
                      .catch((e: unknown) => setError(text(e)))
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
    </div>
  );
}
