// A model's Markdown as React elements: raw HTML in the text is dropped (never parsed into the
// DOM), links are shown as text (nothing remote is fetched or opened), images are left out.
import Markdown from "react-markdown";

import { SqlCode } from "../../components/SqlCode";

export function ModelMarkdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown
        skipHtml
        disallowedElements={["img"]}
        components={{
          // Code blocks draw their own <pre> below.
          pre: ({ children }) => <>{children}</>,
          a: ({ children }) => <span className="link-text">{children}</span>,
          code: ({ className, children }) => {
            const code = String(children);
            // Fenced SQL gets the editor's colours; other code stays plain.
            if (/language-(sql|duckdb|postgres(ql)?|psql)/.test(className ?? "")) return <SqlCode code={code.replace(/\n$/, "")} />;
            if (className || code.includes("\n"))
              return (
                <pre>
                  <code className={className}>{children}</code>
                </pre>
              );
            return <code>{children}</code>;
          },
        }}
      >
        {text}
      </Markdown>
    </div>
  );
}
