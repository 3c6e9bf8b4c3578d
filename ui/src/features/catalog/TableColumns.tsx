// A table's columns as the catalog tree shows them once expanded: DuckDB type, the source's own
// type when it has one, primary and foreign keys, nullability, and the estimated row count and
// kind of relation, all from the source's metadata (loaded on demand, never a COUNT(*)).
import { errorMessage } from "../../lib/backend";
import { useTableDetails } from "../../lib/reads";
import { sqlName } from "./SourcesTree";

const KIND: Record<string, string> = { table: "table", view: "view", materializedView: "materialized view" };
const fmt = new Intl.NumberFormat();

interface Props {
  database: string;
  schema: string;
  table: string;
  onInsert: (text: string) => void;
}

export function TableColumns({ database, schema, table, onInsert }: Props) {
  const { data: details, error } = useTableDetails(database, schema, table);

  if (error) return <div className="node-error">{errorMessage(error)}</div>;
  if (!details) return <div className="path">Loading columns…</div>;
  const summary = [
    details.kind ? KIND[details.kind] : null,
    details.estimatedRows !== null ? `~${fmt.format(details.estimatedRows)} rows` : null,
  ].filter(Boolean);
  return (
    <ul className="columns" data-testid="table-columns">
      {summary.length > 0 && <li className="path">{summary.join(" · ")}</li>}
      {details.columns.map((c, i) => (
        <li key={`${c.name}-${i}`} className="column" onDoubleClick={() => onInsert(sqlName(c.name))}>
          <span>
            {c.name}
            {c.primaryKey && (
              <span className="key" title="Primary key">
                PK
              </span>
            )}
            {c.references && (
              <span className="key fk" title={`References ${c.references}`}>
                FK
              </span>
            )}
          </span>
          <span className="type" title={c.sourceType ? `${c.sourceType} in the source` : undefined}>
            {c.dataType}
            {c.nullable ? "" : " not null"}
          </span>
        </li>
      ))}
    </ul>
  );
}
