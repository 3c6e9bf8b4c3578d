//! Saved queries: a thin layer over the store that adds what needs the engine too (runs that
//! are logged against their query) and the app's defaults (new query names).

use std::time::Instant;

use qbox_engine::{RunListener, RunOutput};
use qbox_store::{NewRun, Query, QueryRun, SqlVersion};

use crate::events::{QueryPart, WorkspaceEvent};
use crate::{Result, Workspace};

/// A table a query works on; `broken` when its source was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuerySelection {
    pub id: i64,
    pub qualified_name: String,
    pub broken: bool,
}

impl Workspace {
    /// A new query named "Query <date time>" unless a name is given.
    pub async fn create_query(&self, name: Option<&str>, sql: &str) -> Result<Query> {
        let default = format!("Query {}", chrono::Local::now().format("%Y-%m-%d %H:%M"));
        Ok(self
            .store
            .queries()
            .create(name.unwrap_or(&default), sql)
            .await?)
    }

    pub async fn queries(&self, search: Option<&str>) -> Result<Vec<Query>> {
        Ok(self.store.queries().list(search).await?)
    }

    pub async fn query(&self, id: i64) -> Result<Query> {
        Ok(self.store.queries().get(id).await?)
    }

    pub async fn rename_query(&self, id: i64, name: &str) -> Result<Query> {
        Ok(self.store.queries().rename(id, name).await?)
    }

    /// Autosave: stores the SQL; a `checkpoint` also makes a history version when the text
    /// differs from the newest one (typing pauses, runs, switching away), so history holds
    /// meaningful steps rather than every keystroke.
    pub async fn save_query_sql(&self, id: i64, sql: &str, checkpoint: bool) -> Result<Query> {
        let queries = self.store.queries();
        Ok(if checkpoint {
            let saved = queries.save_sql(id, sql).await?;
            self.query_changed(id, QueryPart::Versions);
            saved
        } else {
            queries.save_text(id, sql).await?
        })
    }

    pub async fn query_versions(&self, id: i64) -> Result<Vec<SqlVersion>> {
        Ok(self.store.queries().versions(id).await?)
    }

    pub async fn restore_version(&self, id: i64, version_id: i64) -> Result<Query> {
        let restored = self.store.queries().restore(id, version_id).await?;
        self.query_changed(id, QueryPart::Versions);
        Ok(restored)
    }

    pub async fn duplicate_query(&self, id: i64) -> Result<Query> {
        Ok(self.store.queries().duplicate(id).await?)
    }

    pub async fn delete_query(&self, id: i64) -> Result<()> {
        Ok(self.store.queries().delete(id).await?)
    }

    /// Adds a table to the query's selections, linked to its file source when it has one.
    pub async fn select_table(&self, id: i64, qualified_name: &str) -> Result<QuerySelection> {
        let source = self
            .store
            .file_sources()
            .list()
            .await?
            .into_iter()
            .find(|s| s.view_name == qualified_name);
        let sel = self
            .store
            .queries()
            .select_table(id, qualified_name, source.map(|s| s.id))
            .await?;
        self.query_changed(id, QueryPart::Selections);
        Ok(QuerySelection {
            id: sel.id,
            qualified_name: sel.qualified_name,
            broken: false,
        })
    }

    pub async fn unselect_table(&self, selection_id: i64) -> Result<()> {
        let query = self.store.queries().unselect(selection_id).await?;
        self.query_changed(query, QueryPart::Selections);
        Ok(())
    }

    /// The query's tables; one whose file source was removed, or whose table no longer exists
    /// in the catalog, is broken.
    pub async fn query_selections(&self, id: i64) -> Result<Vec<QuerySelection>> {
        let catalog = self.catalog().await?;
        let known = |name: &str| {
            catalog.iter().any(|t| {
                t.name == name
                    || format!("{}.{}", t.schema, t.name) == name
                    || format!("{}.{}.{}", t.database, t.schema, t.name) == name
            })
        };
        Ok(self
            .store
            .queries()
            .selections(id)
            .await?
            .into_iter()
            .map(|s| QuerySelection {
                broken: !known(&s.qualified_name),
                id: s.id,
                qualified_name: s.qualified_name,
            })
            .collect())
    }

    pub async fn query_runs(&self, id: i64) -> Result<Vec<QueryRun>> {
        Ok(self.store.queries().runs(id).await?)
    }

    /// Runs SQL for a saved query and logs the run (row count or error) against it.
    pub async fn run_for_query(
        &self,
        query_id: i64,
        run_id: String,
        sql: String,
        listener: RunListener,
    ) -> Result<RunOutput> {
        let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let clock = Instant::now();
        let outcome = self.run_watched(run_id, sql.clone(), listener).await;
        let duration_ms = clock.elapsed().as_secs_f64() * 1000.0;
        let (row_count, error) = match &outcome {
            Ok(out) => (out.result().map(|r| r.row_count as i64), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let logged = self
            .store
            .queries()
            .record_run(
                query_id,
                NewRun {
                    sql: &sql,
                    started_at: &started_at,
                    duration_ms,
                    row_count,
                    error: error.as_deref(),
                },
            )
            .await;
        if logged.is_ok() {
            self.query_changed(query_id, QueryPart::Runs);
        }
        match (&logged, &outcome) {
            (Err(e), _) => tracing::warn!(query_id, "could not log the run: {e}"),
            (Ok(logged), Ok(out)) => {
                if let Some(streaming) = out.result().filter(|r| !r.complete) {
                    self.log_rows_when_kept(query_id, *logged, streaming.id);
                }
            }
            _ => {}
        }
        outcome
    }

    /// A result still streaming in when its run was logged: its row count is logged again
    /// once every row it will have is kept (or it was stopped with what had arrived).
    fn log_rows_when_kept(&self, query_id: i64, logged: i64, result: u64) {
        let engine = self.engine.clone();
        let store = self.store.clone();
        let events = self.events.clone();
        tokio::spawn(async move {
            let Ok(Ok(info)) =
                tokio::task::spawn_blocking(move || engine.results().wait_for_result(result)).await
            else {
                // The result was closed before this asked for it: the count logged stays.
                return;
            };
            let rows = info.row_count as i64;
            match store.queries().set_run_rows(logged, rows).await {
                Ok(()) => events.emit(WorkspaceEvent::QueryChanged {
                    id: query_id,
                    part: QueryPart::Runs,
                }),
                Err(e) => tracing::warn!(logged, "could not log the run's row count: {e}"),
            }
        });
    }
}
