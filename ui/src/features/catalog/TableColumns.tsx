// A table's columns as the catalog tree shows them once expanded: DuckDB type, the source's own
// type when it has one, primary and foreign keys, nullability, and the estimated row count and
// kind of relation, all from the source's metadata (loaded on demand, never a COUNT(*)), as
// the rows under the table's row in the tree.
import { Leaf } from "../../components/ui/Tree";
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

  // Each row keeps its own key: the tree refuses an item whose id changes in place.
  const leaf = (suffix: string) => `${database}.${schema}.${table}-${suffix}`;
  if (error)
    return (
      <Leaf key="error" id={leaf("error")} text="error" className="leaf node-error">
        {errorMessage(error)}
      </Leaf>
    );
  if (!details)
    return (
      <Leaf key="loading" id={leaf("loading")} text="Loading" className="leaf path">
        Loading columns…
      </Leaf>
    );
  const summary = [
    details.kind ? KIND[details.kind] : null,
    details.estimatedRows !== null ? `~${fmt.format(details.estimatedRows)} rows` : null,
  ].filter(Boolean);
  return (
    <>
      {summary.length > 0 && (
        <Leaf key="summary" id={leaf("summary")} text={summary.join(" · ")} className="leaf path">
          {summary.join(" · ")}
        </Leaf>
      )}
      {details.columns.map((c, i) => (
        <Leaf key={`${c.name}-${i}`} id={leaf(`column-${i}`)} text={c.name} className="leaf column" data={{ "data-testid": "table-column" }}>
          <span className="column-row" onDoubleClick={() => onInsert(sqlName(c.name))}>
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
          </span>
        </Leaf>
      ))}
    </>
  );
}
