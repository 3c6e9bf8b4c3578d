// The assistant's chat of one query: replies stream in as they are written and can be stopped at
// once; every SQL block is shown with DuckDB's verdict (checked, repaired, refused, or changing
// data) and applies to the editor only through a diff; a failed reply can be retried in place;
// each reply can show exactly what was sent.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";

import { SqlCode } from "../../components/SqlCode";
import { Dialog, DialogClose } from "../../components/ui/Dialog";
import { backend, type ChatEventDto, type ChatMessageDto, type SuggestionDto, errorMessage } from "../../lib/backend";
import { keys, useChat, useChatSamples } from "../../lib/reads";
import { ModelMarkdown } from "./Markdown";
import { canApply } from "./suggestionCheck";

/** Something to ask on the user's behalf (Fix with AI, Explain); each id is asked once. */
export interface ChatRequest {
  id: number;
  text: string;
}

interface Props {
  queryId: number;
  /** The assistant has a model to ask (else the panel points at Settings). */
  ready: boolean;
  /** The SQL the question is about (the selection or the statement under the cursor). */
  editorSql: () => Promise<string | null>;
  request: ChatRequest | null;
  onApply: (suggestion: SuggestionDto, run: boolean) => void;
  onOpenSettings: () => void;
  onError: (message: string) => void;
}

interface Streaming {
  turnId: string;
  /** Messages up to this id were there when the turn started; later ones (the question as
   *  stored) wait until the turn ends, while the streaming block shows them. */
  after: number;
  question: string;
  text: string;
  activity: string | null;
}


const NO_MESSAGES: ChatMessageDto[] = [];

function newestId(messages: ChatMessageDto[]): number {
  return messages.reduce((top, m) => Math.max(top, m.id), 0);
}

/** A line for what the turn is doing besides writing. */
export function activityOf(e: ChatEventDto): string | null {
  switch (e.kind) {
    case "tool":
      return `Looked up: ${e.summary}`;
    case "checking":
      return "Checking the SQL with DuckDB…";
    case "repairing":
      return `DuckDB refused SQL block ${e.index + 1}; asking the model to fix it (round ${e.round} of 2)…`;
    default:
      return null;
  }
}

export function ChatPanel({ queryId, ready, editorSql, request, onApply, onOpenSettings, onError }: Props) {
  const cache = useQueryClient();
  const chat = useChat(queryId);
  const [streaming, setStreaming] = useState<Streaming | null>(null);
  const all = chat.data ?? NO_MESSAGES;
  const messages = streaming ? all.filter((m) => m.id <= streaming.after) : all;
  const [input, setInput] = useState("");
  const samples = useChatSamples(queryId).data ?? false;
  const [confirmClear, setConfirmClear] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const asked = useRef<number | null>(null);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (chat.error) onError(errorMessage(chat.error));
  }, [chat.error, onError]);
  /** The turn's messages put in the cache at once (its change event reads them again). */
  const keep = useCallback(
    (replace: (m: ChatMessageDto[]) => ChatMessageDto[]) => cache.setQueryData<ChatMessageDto[]>(keys.chat(queryId), (m) => replace(m ?? [])),
    [cache, queryId],
  );

  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [messages, streaming?.text]);

  const onEvent = (e: ChatEventDto) =>
    setStreaming((s) => {
      if (!s) return s;
      if (e.kind === "delta") return { ...s, text: s.text + e.text };
      return { ...s, activity: activityOf(e) };
    });

  const ask = useCallback(
    async (text: string) => {
      const question = text.trim();
      if (!question || streaming) return;
      const turnId = crypto.randomUUID();
      setStreaming({ turnId, after: newestId(all), question, text: "", activity: null });
      setInput("");
      try {
        const exchange = await backend.askAssistant(queryId, turnId, question, await editorSql(), onEvent);
        const fresh = new Set([exchange.question.id, exchange.reply.id]);
        keep((m) => [...m.filter((x) => !fresh.has(x.id)), exchange.question, exchange.reply]);
      } catch (e) {
        setInput(question);
        onError(errorMessage(e));
      } finally {
        setStreaming(null);
      }
    },
    [queryId, streaming, editorSql, onError, keep, all],
  );

  useEffect(() => {
    if (request && asked.current !== request.id) {
      asked.current = request.id;
      void ask(request.text);
    }
  }, [request, ask]);

  const retry = async (reply: ChatMessageDto) => {
    const question = [...messages].reverse().find((m) => m.role === "user" && m.id < reply.id)?.content ?? "";
    const turnId = crypto.randomUUID();
    keep((m) => m.filter((x) => x.id !== reply.id));
    setStreaming({ turnId, after: newestId(all), question: "", text: "", activity: null });
    try {
      const again = await backend.retryReply(queryId, reply.id, turnId, await editorSql(), onEvent);
      keep((m) => [...m.filter((x) => x.id !== again.id), again]);
    } catch (e) {
      onError(errorMessage(e));
      if (question) setInput(question);
    } finally {
      setStreaming(null);
    }
  };

  const stop = () => {
    if (streaming) void backend.stopReply(streaming.turnId);
  };

  const clear = async () => {
    try {
      await backend.clearChat(queryId);
      keep(() => []);
    } catch (e) {
      onError(errorMessage(e));
    }
    setConfirmClear(false);
  };

  return (
    <section className="chat" data-testid="chat" aria-label="Assistant">
      <div className="chat-head">
        <h2>Assistant</h2>
        <label className="check" title="Lets the model ask for a few distinct values of a column. Result rows are never sent.">
          <input
            type="checkbox"
            checked={samples}
            data-testid="chat-samples"
            onChange={(e) => {
              const allowed = e.target.checked;
              cache.setQueryData(keys.chatSamples(queryId), allowed);
              void backend.allowChatSamples(queryId, allowed).catch((err: unknown) => {
                cache.setQueryData(keys.chatSamples(queryId), !allowed);
                onError(errorMessage(err));
              });
            }}
          />
          Sample values
        </label>
        <span className="spacer" />
        {confirmClear ? (
          <>
            <button className="danger" onClick={() => void clear()} data-testid="chat-clear-confirm">
              Clear the chat
            </button>
            <button onClick={() => setConfirmClear(false)}>Keep</button>
          </>
        ) : (
          <button onClick={() => setConfirmClear(true)} disabled={messages.length === 0 || streaming !== null} title="Clear this query's chat">
            Clear
          </button>
        )}
      </div>
      <div className="chat-log" data-testid="chat-log" aria-live="polite">
        {!ready && (
          <div className="empty-state">
            <p>The assistant needs a provider and a model.</p>
            <button onClick={onOpenSettings}>Set up the assistant…</button>
          </div>
        )}
        {ready && messages.length === 0 && !streaming && (
          <div className="empty-state">
            <p>Ask for SQL about this query's tables, to fix an error, or to explain a statement.</p>
            <p>Every SQL it proposes is checked by DuckDB before you see it.</p>
          </div>
        )}
        {messages.map((m) =>
          m.role === "user" ? (
            <div key={m.id} className="chat-question">
              {m.content}
            </div>
          ) : (
            <Reply
              key={m.id}
              reply={m}
              busy={streaming !== null}
              onApply={onApply}
              onRetry={() => void retry(m)}
              onShowSent={() => void backend.chatSent(queryId, m.id).then(setSent, (e: unknown) => onError(errorMessage(e)))}
            />
          ),
        )}
        {streaming && (
          <>
            {streaming.question && <div className="chat-question">{streaming.question}</div>}
            <div className="chat-reply streaming" data-testid="chat-streaming">
              <ModelMarkdown text={streaming.text || "…"} />
              {streaming.activity && <p className="chat-activity">{streaming.activity}</p>}
            </div>
          </>
        )}
        <div ref={end} />
      </div>
      <form
        className="chat-input"
        onSubmit={(e) => {
          e.preventDefault();
          void ask(input);
        }}
      >
        <textarea
          aria-label="Ask the assistant"
          data-testid="chat-input"
          value={input}
          disabled={!ready}
          placeholder="Ask for SQL, a fix or an explanation (Enter sends, Shift+Enter for a new line)"
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              void ask(input);
            }
            if (e.key === "Escape" && streaming) {
              e.preventDefault();
              stop();
            }
          }}
        />
        {streaming ? (
          <button type="button" onClick={stop} data-testid="chat-stop">
            ■ Stop
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!ready || !input.trim()} data-testid="chat-send">
            Ask
          </button>
        )}
      </form>
      {sent !== null && (
        <Dialog title="What was sent" onClose={() => setSent(null)} className="sent" testId="chat-sent">
          <p className="hint">The request bodies exactly as they went to the provider. The API key travels in a header and is not part of them.</p>
          <pre className="sent-json">{sent}</pre>
          <div className="modal-actions">
            <span className="spacer" />
            <DialogClose asChild>
              <button>Close</button>
            </DialogClose>
          </div>
        </Dialog>
      )}
    </section>
  );
}

interface ReplyProps {
  reply: ChatMessageDto;
  busy: boolean;
  onApply: (s: SuggestionDto, run: boolean) => void;
  onRetry: () => void;
  onShowSent: () => void;
}

function Reply({ reply, busy, onApply, onRetry, onShowSent }: ReplyProps) {
  return (
    <div className={`chat-reply ${reply.status}`} data-testid="chat-reply">
      {reply.parts.map((p, i) => {
        if (p.kind === "text") return <ModelMarkdown key={i} text={p.text} />;
        const s = reply.suggestions[p.index];
        return s ? <SuggestionCard key={i} suggestion={s} onApply={onApply} /> : null;
      })}
      {reply.status === "failed" && (
        <p className="status-error" role="alert">
          {reply.error}
        </p>
      )}
      {reply.status === "stopped" && <p className="hint">Stopped; the reply ends here.</p>}
      <div className="chat-reply-actions">
        {reply.status !== "complete" && (
          <button onClick={onRetry} disabled={busy} data-testid="chat-retry">
            Retry
          </button>
        )}
        {reply.requests > 0 && (
          <button className="link" onClick={onShowSent} data-testid="chat-show-sent">
            What was sent ({reply.requests} {reply.requests === 1 ? "request" : "requests"})
          </button>
        )}
      </div>
    </div>
  );
}

export function SuggestionCard({ suggestion, onApply }: { suggestion: SuggestionDto; onApply: (s: SuggestionDto, run: boolean) => void }) {
  const check = suggestion.check;
  const repaired = suggestion.repairs.length > 0;
  return (
    <div className={`suggestion ${check.status}`} data-testid="suggestion">
      <SqlCode code={suggestion.sql} />
      <div className="suggestion-foot">
        {check.status === "valid" && !check.changesData && (
          <span className="badge ok" data-testid="suggestion-status">
            ✓ Checked by DuckDB{repaired ? ", after a repair" : ""}
          </span>
        )}
        {check.status === "valid" && check.changesData && (
          <span className="badge warn" data-testid="suggestion-status" title={check.effects.join("\n")}>
            ⚠ Checked by DuckDB; it {check.effects.join("; ") || `is a ${check.kind} statement`}: runs only after you confirm
          </span>
        )}
        {check.status === "outside" && (
          <span className="badge warn" data-testid="suggestion-status" title={check.effects.join("\n")}>
            ⚠ Not checked: it {check.effects.join("; ")}, which the check never opens. Runs only after you confirm
          </span>
        )}
        {check.status === "invalid" && (
          <span className="badge error" data-testid="suggestion-status" title={check.error}>
            ✗ DuckDB refused it: {check.error}
          </span>
        )}
        <span className="spacer" />
        <button onClick={() => void navigator.clipboard?.writeText(suggestion.sql)} title="Copy the SQL">
          Copy
        </button>
        <button onClick={() => onApply(suggestion, false)} disabled={!canApply(check)} data-testid="suggestion-apply">
          Apply…
        </button>
        <button onClick={() => onApply(suggestion, true)} disabled={!canApply(check)} data-testid="suggestion-apply-run">
          Apply and run…
        </button>
      </div>
      {repaired && (
        <details className="repairs">
          <summary>What DuckDB refused first</summary>
          {suggestion.repairs.map((r, i) => (
            <div key={i}>
              <SqlCode code={r.sql} />
              <p className="hint">{r.error}</p>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
