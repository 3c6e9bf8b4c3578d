// Settings → Assistant: the provider (presets with their usual address, editable), the model
// (from the provider's list or typed), temperature, tools, and the API key, which goes to the
// keychain and never comes back ("leave blank to keep"). Test makes real small requests and
// says exactly what works and what does not.
import { useEffect, useState } from "react";

import {
  backend,
  BackendError,
  errorMessage,
  type AiPresetDto,
  type AiProblemDto,
  type AiSettingsDto,
  type AiTestReportDto,
  type PasswordInputDto,
} from "../../lib/backend";
import { useFlaggedFields } from "../../lib/useFlaggedFields";

export const PRESETS: { id: AiPresetDto; label: string; baseUrl: string; needsKey: boolean }[] = [
  { id: "openAi", label: "OpenAI", baseUrl: "https://api.openai.com/v1", needsKey: true },
  { id: "ollama", label: "Ollama (this computer)", baseUrl: "http://localhost:11434/v1", needsKey: false },
  { id: "lmStudio", label: "LM Studio (this computer)", baseUrl: "http://localhost:1234/v1", needsKey: false },
  { id: "openRouter", label: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1", needsKey: true },
  { id: "custom", label: "Custom (any OpenAI-compatible server)", baseUrl: "", needsKey: false },
];

interface Props {
  settings: AiSettingsDto;
  /** Stores a change of the provider settings (refusals come back as errors). */
  onSave: (ai: AiSettingsDto) => Promise<void>;
}

type TestState =
  | { state: "idle" }
  | { state: "testing" }
  | { state: "done"; report: AiTestReportDto }
  | { state: "failed"; message: string };

/** A URL's origin as the shell binds keys to it (`https://host[:port]`), or null. */
function originOf(url: string): string | null {
  try {
    const origin = new URL(url.trim()).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}


/** The field a failure of the provider points at, by its typed problem. */
type AiField = "Base URL" | "Model" | "API key";
const FIELD_OF: Partial<Record<AiProblemDto, AiField>> = {
  settings: "Base URL",
  unreachable: "Base URL",
  unauthorized: "API key",
  unknownModel: "Model",
};

export function AiSettingsSection({ settings, onSave }: Props) {
  const [draft, setDraft] = useState<AiSettingsDto>(settings);
  const [key, setKey] = useState("");
  /** Where the stored key is sent, or null when none is stored. */
  const [keyOrigin, setKeyOrigin] = useState<string | null>(null);
  const [models, setModels] = useState<string[]>([]);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [message, setMessage] = useState<string | null>(null);
  /** The field the last failure named (by its typed problem), marked until it is edited. */
  const { container: section, flag, edited, invalid } = useFlaggedFields<AiField>("ai-failure");
  const pointAt = (e: unknown) => {
    const field = e instanceof BackendError && e.error.kind === "Assistant" ? FIELD_OF[e.error.data.problem] : undefined;
    flag(field ? [field] : []);
  };

  // The form keeps its own draft while open: a stored change echoing back must not undo what
  // the user is typing in another field.
  const readKeyOrigin = () => backend.aiKeyOrigin().then(setKeyOrigin, () => setKeyOrigin(null));
  useEffect(() => {
    void readKeyOrigin();
  }, []);

  const keyInput = (): PasswordInputDto => (key.trim() ? { action: "set", value: key.trim() } : { action: "keep" });

  const save = async (next: AiSettingsDto) => {
    setDraft(next);
    try {
      await onSave(next);
      setMessage(null);
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  const saveKey = async () => {
    if (!key.trim()) return;
    try {
      await backend.setAiKey({ action: "set", value: key.trim() }, draft.baseUrl);
      setKey("");
      await readKeyOrigin();
      setMessage(null);
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  const removeKey = async () => {
    try {
      await backend.setAiKey({ action: "clear" }, draft.baseUrl);
      setKeyOrigin(null);
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  const loadModels = async () => {
    try {
      setModels(await backend.aiModels(draft, keyInput()));
      setMessage(null);
      flag([]);
    } catch (e) {
      setMessage(errorMessage(e));
      pointAt(e);
    }
  };

  const runTest = async () => {
    setTest({ state: "testing" });
    try {
      const report = await backend.testAi(draft, keyInput());
      setModels(report.models);
      setTest({ state: "done", report });
      flag([]);
    } catch (e) {
      setTest({ state: "failed", message: errorMessage(e) });
      pointAt(e);
    }
  };

  const preset = PRESETS.find((p) => p.id === draft.preset);
  // The stored key goes only to the origin it was typed for; another address needs it again.
  const keyElsewhere = keyOrigin !== null && originOf(draft.baseUrl) !== keyOrigin;
  const keyPlaceholder =
    keyOrigin === null
      ? preset?.needsKey
        ? "Needed for this provider"
        : "Not needed for local servers"
      : keyElsewhere
        ? "Type the key for this address"
        : "Stored in the keychain — leave blank to keep";
  return (
    <fieldset
      className="ai-settings"
      data-testid="ai-settings"
      ref={(el) => {
        section.current = el;
      }}
    >
      <legend>Assistant</legend>
      <label>
        Provider
        <select
          aria-label="Provider"
          value={draft.preset}
          onChange={(e) => {
            const next = PRESETS.find((p) => p.id === e.target.value);
            if (next) void save({ ...draft, preset: next.id, baseUrl: next.baseUrl || draft.baseUrl });
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Base URL
        <input
          aria-label="Base URL"
          value={draft.baseUrl}
          placeholder="http://host:port/v1"
          onChange={(e) => {
            setDraft({ ...draft, baseUrl: e.target.value });
            edited("Base URL");
          }}
          onBlur={() => void save(draft)}
          {...invalid("Base URL")}
        />
      </label>
      <label>
        Model
        <span className="inline-field">
          <input
            aria-label="Model"
            list="ai-models"
            value={draft.model}
            placeholder="Choose from the list or type its id"
            onChange={(e) => {
              setDraft({ ...draft, model: e.target.value });
              edited("Model");
            }}
            onBlur={() => void save(draft)}
            {...invalid("Model")}
            onKeyDown={(e) => {
              if (e.key === "Enter") void save(draft);
            }}
          />
          <button type="button" onClick={() => void loadModels()}>
            List models
          </button>
        </span>
        <datalist id="ai-models" data-testid="ai-models">
          {models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </label>
      <label>
        Temperature
        <input
          aria-label="Temperature"
          type="number"
          min={0}
          max={2}
          step={0.1}
          value={draft.temperature ?? 0.2}
          onChange={(e) => setDraft({ ...draft, temperature: Number(e.target.value) })}
          onBlur={() => void save(draft)}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.tools}
          onChange={(e) => void save({ ...draft, tools: e.target.checked })}
        />
        Let the model look up tables and check SQL with tools
      </label>
      <label>
        API key
        <span className="inline-field">
          <input
            aria-label="API key"
            type="password"
            autoComplete="off"
            value={key}
            placeholder={keyPlaceholder}
            onChange={(e) => {
              setKey(e.target.value);
              edited("API key");
            }}
            {...invalid("API key")}
            onBlur={() => void saveKey()}
            onKeyDown={(e) => {
              if (e.key === "Enter") void saveKey();
            }}
          />
          {keyOrigin !== null && (
            <button type="button" onClick={() => void removeKey()}>
              Remove key
            </button>
          )}
        </span>
      </label>
      {keyOrigin !== null && (
        <p className="hint" data-testid="ai-key-origin">
          The stored key is sent only to {keyOrigin}
          {keyElsewhere ? ". This address needs its key typed again." : "."}
        </p>
      )}
      <div className="setting-row">
        <button type="button" onClick={() => void runTest()} disabled={test.state === "testing"} data-testid="ai-test">
          {test.state === "testing" ? "Testing…" : "Test"}
        </button>
        <TestResult test={test} model={draft.model} />
      </div>
      {message && (
        <p className="status-error" role="alert" id={test.state === "failed" ? undefined : "ai-failure"}>
          {message}
        </p>
      )}
      <p className="hint">Requests go only to this address. Result rows are never sent; sample values only where you allow them.</p>
    </fieldset>
  );
}

function TestResult({ test, model }: { test: TestState; model: string }) {
  if (test.state === "failed")
    return (
      <span className="status-error" data-testid="ai-test-result" role="alert" id="ai-failure">
        {test.message}
      </span>
    );
  if (test.state !== "done") return null;
  const r = test.report;
  return (
    <span className="status-ok" data-testid="ai-test-result">
      Works: {r.models.length} models{r.modelListed ? `, ${model} among them` : ""}; streaming ✓; tool calls{" "}
      {r.toolCalls ? "✓" : `✗ (${r.toolProblem ?? "not supported"}: the assistant works without them)`}
    </span>
  );
}
