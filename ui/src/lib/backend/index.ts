// The only module that talks to Tauri: typed commands (generated bindings), Arrow windows,
// drag and drop, dialogs and events. Everything else in the UI imports from here.
import { Channel } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import { tableFromIPC, type Table } from "apache-arrow";

import {
  commands,
  events,
  type AddFileOutcomeDto_Serialize as AddFileOutcomeDto,
  type AppError_Serialize as AppError,
  type AppInfoDto,
  type AiSettingsDto,
  type CellSelectionDto,
  type ChartDataDto_Serialize as ChartDataDto,
  type ChartSpecDto_Deserialize as ChartSpecDto,
  type CellValueDto_Serialize as CellValueDto,
  type ColumnProfileDto_Serialize as ColumnProfileDto,
  type CopyFormatDto,
  type CopySummaryDto,
  type AiTestReportDto_Serialize as AiTestReportDto,
  type ChatEventDto,
  type ChatExchangeDto_Serialize as ChatExchangeDto,
  type ChatMessageDto_Serialize as ChatMessageDto,
  type ConnectionDto,
  type ConnectionSettingsDto,
  type DataSummaryDto,
  type ExportFormatDto,
  type ExportProgressDto,
  type ExportSummaryDto,
  type MenuAction,
  type OpenTabsDto_Serialize as OpenTabsDto,
  type PasswordInputDto,
  type QueryDto,
  type QueryRunDto_Serialize as QueryRunDto,
  type S3ListingDto,
  type S3ViewDto,
  type SelectionDto,
  type RunOutputDto_Serialize as RunOutputDto,
  type RunEventDto_Serialize as RunEventDto,
  type RunEventDto_Deserialize,
  type RelationKindDto,
  type SourceDto_Serialize as SourceDto,
  type SpanDto,
  type SqlVersionDto,
  type TableDetailsDto_Serialize as TableDetailsDto,
  type SettingsDto,
  type TableDto,
  type TextEncodingDto,
  type ViewDto_Deserialize as ViewDto,
  type WorkspaceChanged,
  type UiLogLevel,
} from "./bindings";

// The shapes Rust sends (the generator also emits looser "_Deserialize" twins).
export type {
  TextEncodingDto,
  ResultEndDto,
  AddFileOutcomeDto_Serialize as AddFileOutcomeDto,
  AppError_Serialize as AppError,
  AppInfoDto,
  AiPresetDto,
  AiProblemDto,
  AiSettingsDto,
  AiTestReportDto_Serialize as AiTestReportDto,
  ChatEventDto,
  ChatExchangeDto_Serialize as ChatExchangeDto,
  ChatMessageDto_Serialize as ChatMessageDto,
  ReplyPartDto,
  SqlCheckDto,
  SuggestionDto,
  ColumnDto,
  CellSelectionDto,
  ChartDataDto_Serialize as ChartDataDto,
  ChartSpecDto_Deserialize as ChartSpecDto,
  CellValueDto_Serialize as CellValueDto,
  ColumnProfileDto_Serialize as ColumnProfileDto,
  DistributionDto_Serialize as DistributionDto,
  CopyFormatDto,
  CopySummaryDto,
  PlanDto_Serialize as PlanDto,
  PlanNodeDto_Serialize as PlanNodeDto,
  ConnectionDto,
  ConnectionFailureDto,
  ConnectionSettingsDto,
  ConnectionStatusDto,
  DataSummaryDto,
  ExportFormatDto,
  ExportSummaryDto,
  MenuAction,
  OpenTabsDto_Serialize as OpenTabsDto,
  PasswordInputDto,
  PostgresSettingsDto_Serialize as PostgresSettingsDto,
  S3EntryDto,
  S3ListingDto,
  S3SettingsDto_Serialize as S3SettingsDto,
  S3ViewDto,
  QueryDto,
  QueryRunDto_Serialize as QueryRunDto,
  SelectionDto,
  SslModeDto,
  ResultInfoDto,
  RunOutputDto_Serialize as RunOutputDto,
  RunProgressDto_Serialize as RunProgressDto,
  RunEventDto_Serialize as RunEventDto,
  SortDto,
  FilterDto_Deserialize as FilterDto,
  FilterConditionDto_Deserialize as FilterConditionDto,
  ViewDto_Deserialize as ViewDto,
  SourceDto_Serialize as SourceDto,
  SpanDto,
  SqlVersionDto,
  StatementDto_Serialize as StatementDto,
  StatementKindDto,
  TableDetailsDto_Serialize as TableDetailsDto,
  ColumnDetailDto_Serialize as ColumnDetailDto,
  SettingsDto,
  TableDto,
  ThemeDto,
  WorkspaceChanged,
} from "./bindings";

/** A failed command, carrying the typed error the UI branches on. */
export class BackendError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(describeError(error));
    this.name = "BackendError";
    this.error = error;
  }
}

export function describeError(error: AppError): string {
  switch (error.kind) {
    case "Cancelled":
      return "Cancelled";
    case "Sql":
    case "File":
    case "Connection":
    case "Assistant":
      return error.data.message;
    default:
      return error.data;
  }
}

/** What to tell the user about anything a call threw: the one way the UI words an error. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** A run's channel: `onEvent` hears each event the run tells, in order. The generated
 *  signature names the looser "_Deserialize" twin of the events; Rust sends every field. */
function runChannel(onEvent: (e: RunEventDto) => void): Channel<RunEventDto_Deserialize> {
  const channel = new Channel<RunEventDto_Deserialize>();
  channel.onmessage = (e) => onEvent(e as RunEventDto);
  return channel;
}

function unwrap<T>(result: Result<T>): T {
  if (result.status === "error") throw new BackendError(result.error);
  return result.data;
}

export const FILE_FILTERS = [
  { name: "Data files", extensions: ["csv", "tsv", "tab", "gz", "parquet", "pq", "json", "ndjson", "jsonl", "xlsx"] },
];

export const backend = {
  appInfo: async (): Promise<AppInfoDto> => unwrap(await commands.appInfo()),
  catalog: async (): Promise<TableDto[]> => unwrap(await commands.catalog()),
  settings: async (): Promise<SettingsDto> => commands.settings(),
  /** Stores new settings; a value out of range is refused (Refused) with a message. */
  updateSettings: async (settings: SettingsDto): Promise<SettingsDto> => unwrap(await commands.updateSettings(settings)),
  /** Remembered pane sizes (percentages) by pane group. */
  paneSizes: async (): Promise<Record<string, number[]>> => {
    const sizes = unwrap(await commands.paneSizes());
    return Object.fromEntries(Object.entries(sizes).filter((e): e is [string, number[]] => e[1] !== undefined));
  },
  savePaneSizes: async (group: string, sizes: number[]): Promise<void> => {
    unwrap(await commands.savePaneSizes(group, sizes));
  },
  /** What Clear all data would remove, counted. */
  dataSummary: async (): Promise<DataSummaryDto> => unwrap(await commands.dataSummary()),
  /** Removes everything QBox keeps (never the user's files); the app then starts afresh. */
  clearAllData: async (): Promise<void> => {
    unwrap(await commands.clearAllData());
  },
  /** Shows the data folder in the system's file manager. */
  openDataDir: async (): Promise<void> => {
    unwrap(await commands.openDataDir());
  },
  /** Columns with keys and nullability, kind and estimated rows, from the source's metadata. */
  tableDetails: async (database: string, schema: string, table: string): Promise<TableDetailsDto> =>
    unwrap(await commands.tableDetails(database, schema, table)),
  openTabs: async (): Promise<OpenTabsDto> => unwrap(await commands.openTabs()),
  saveOpenTabs: async (tabs: OpenTabsDto): Promise<void> => {
    unwrap(await commands.saveOpenTabs(tabs));
  },
  statementSpans: async (sql: string): Promise<SpanDto[]> => unwrap(await commands.statementSpans(sql)),

  listConnections: async (): Promise<ConnectionDto[]> => unwrap(await commands.listConnections()),
  /** The SQL name a new connection with this name would get; throws why it cannot. */
  connectionIdentifier: async (name: string): Promise<string> => unwrap(await commands.connectionIdentifier(name)),
  createConnection: async (name: string, settings: ConnectionSettingsDto, password: string | null): Promise<ConnectionDto> =>
    unwrap(await commands.createConnection(name, settings, password)),
  updateConnection: async (
    id: number,
    name: string,
    settings: ConnectionSettingsDto,
    password: PasswordInputDto,
  ): Promise<ConnectionDto> => unwrap(await commands.updateConnection(id, name, settings, password)),
  deleteConnection: async (id: number): Promise<void> => {
    unwrap(await commands.deleteConnection(id));
  },
  testConnection: async (settings: ConnectionSettingsDto, password: PasswordInputDto, existing: number | null): Promise<void> => {
    unwrap(await commands.testConnection(settings, password, existing));
  },
  /** A page of a bucket's keys under `prefix` (folders, then objects), or a flat search. */
  browseS3: async (id: number, prefix: string, search: string | null, offset: number, limit: number): Promise<S3ListingDto> =>
    unwrap(await commands.browseS3(id, prefix, search, offset, limit)),
  /** Objects as views in the connection's schema; `many` makes one view per prefix or glob. */
  addS3Objects: async (id: number, keys: string[], many: boolean, format: string | null): Promise<S3ViewDto[]> =>
    unwrap(await commands.addS3Objects(id, keys, many, format)),

  listSources: async (): Promise<SourceDto[]> => unwrap(await commands.listSources()),
  refreshSources: async (): Promise<SourceDto[]> => unwrap(await commands.refreshSources()),
  addFiles: async (paths: string[]): Promise<AddFileOutcomeDto[]> => unwrap(await commands.addFiles(paths)),
  addSheet: async (path: string, sheet: string): Promise<AddFileOutcomeDto> =>
    unwrap(await commands.addSheet(path, sheet)),
  renameSource: async (id: number, name: string): Promise<SourceDto> => unwrap(await commands.renameSource(id, name)),
  setSourceEncoding: async (id: number, encoding: TextEncodingDto): Promise<SourceDto> =>
    unwrap(await commands.setSourceEncoding(id, encoding)),
  /** Drops a table or view made with SQL in the local database; says which it was. */
  dropLocalRelation: async (schema: string, name: string): Promise<RelationKindDto> =>
    unwrap(await commands.dropLocalRelation(schema, name)),
  removeSource: async (id: number): Promise<void> => {
    unwrap(await commands.removeSource(id));
  },
  takeStartupOutcomes: (): Promise<AddFileOutcomeDto[]> => commands.takeStartupOutcomes(),

  /** Runs SQL; `onEvent` hears how it goes, and a result still streaming in after it returned. */
  runQuery: async (runId: string, sql: string, onEvent: (e: RunEventDto) => void = () => undefined): Promise<RunOutputDto> =>
    unwrap(await commands.runQuery(runId, sql, runChannel(onEvent))),
  /** Runs SQL for a saved query; the run goes into that query's run log. */
  runSavedQuery: async (id: number, runId: string, sql: string, onEvent: (e: RunEventDto) => void): Promise<RunOutputDto> =>
    unwrap(await commands.runSavedQuery(id, runId, sql, runChannel(onEvent))),

  listQueries: async (search: string | null): Promise<QueryDto[]> => unwrap(await commands.listQueries(search)),
  createQuery: async (name: string | null, sql: string): Promise<QueryDto> => unwrap(await commands.createQuery(name, sql)),
  renameQuery: async (id: number, name: string): Promise<QueryDto> => unwrap(await commands.renameQuery(id, name)),
  /** Stores the SQL; with `checkpoint` a changed text also becomes a history version. */
  saveQuerySql: async (id: number, sql: string, checkpoint: boolean): Promise<QueryDto> =>
    unwrap(await commands.saveQuerySql(id, sql, checkpoint)),
  queryVersions: async (id: number): Promise<SqlVersionDto[]> => unwrap(await commands.queryVersions(id)),
  restoreVersion: async (id: number, versionId: number): Promise<QueryDto> =>
    unwrap(await commands.restoreVersion(id, versionId)),
  deleteQuery: async (id: number): Promise<void> => {
    unwrap(await commands.deleteQuery(id));
  },
  duplicateQuery: async (id: number): Promise<QueryDto> => unwrap(await commands.duplicateQuery(id)),
  querySelections: async (id: number): Promise<SelectionDto[]> => unwrap(await commands.querySelections(id)),
  selectTable: async (id: number, qualifiedName: string): Promise<SelectionDto> =>
    unwrap(await commands.selectTable(id, qualifiedName)),
  unselectTable: async (selectionId: number): Promise<void> => {
    unwrap(await commands.unselectTable(selectionId));
  },
  queryRuns: async (id: number): Promise<QueryRunDto[]> => unwrap(await commands.queryRuns(id)),
  cancelQuery: (runId: string): Promise<boolean> => commands.cancelQuery(runId),
  /** Rows [offset, offset + limit) of a result as `view` shows it, as an Arrow table. */
  resultWindow: async (resultId: number, offset: number, limit: number, view: ViewDto): Promise<Table> => {
    const bytes = unwrap(await commands.resultWindow(resultId, offset, limit, view));
    return tableFromIPC(new Uint8Array(bytes));
  },
  /** How many rows `view` of a result shows (DuckDB computes it over the whole result). */
  resultViewRows: async (resultId: number, view: ViewDto): Promise<number> =>
    unwrap(await commands.resultViewRows(resultId, view)),
  /** Puts the selected cells on the clipboard in `format` (the text never passes through here). */
  copyResultCells: async (
    resultId: number,
    view: ViewDto,
    selection: CellSelectionDto,
    format: CopyFormatDto,
    header: boolean,
    table: string,
  ): Promise<CopySummaryDto> => unwrap(await commands.copyResultCells(resultId, view, selection, format, header, table)),
  /** One value in full, with its JSON for JSON and nested types. */
  resultCellValue: async (resultId: number, view: ViewDto, row: number, column: number): Promise<CellValueDto> =>
    unwrap(await commands.resultCellValue(resultId, view, row, column)),
  /** A column's profile over every row the view shows. */
  profileResultColumn: async (resultId: number, view: ViewDto, column: number): Promise<ColumnProfileDto> =>
    unwrap(await commands.profileResultColumn(resultId, view, column)),
  /** A chart's marks, aggregated by DuckDB over every row the view shows. */
  chartData: async (resultId: number, view: ViewDto, spec: ChartSpecDto): Promise<ChartDataDto> =>
    unwrap(await commands.chartData(resultId, view, spec)),
  /** Native save dialog for a chart image; null when dismissed. */
  pickChartPath: async (defaultPath: string, format: "png" | "svg"): Promise<string | null> =>
    saveDialog({ defaultPath, filters: [{ name: format.toUpperCase(), extensions: [format] }] }),
  saveChartPng: async (path: string, pngBase64: string): Promise<void> => {
    unwrap(await commands.saveChartPng(path, pngBase64));
  },
  saveChartSvg: async (path: string, svg: string): Promise<void> => {
    unwrap(await commands.saveChartSvg(path, svg));
  },
  closeResult: async (resultId: number): Promise<void> => {
    unwrap(await commands.closeResult(resultId));
  },

  /** Writes a whole result to `path`; `onProgress` gets 0..1 while DuckDB works. */
  exportResult: async (
    exportId: string,
    resultId: number,
    view: ViewDto,
    path: string,
    format: ExportFormatDto,
    onProgress: (fraction: number | null) => void,
  ): Promise<ExportSummaryDto> => {
    const channel = new Channel<ExportProgressDto>();
    channel.onmessage = (p) => onProgress(p.fraction);
    return unwrap(await commands.exportResult(exportId, resultId, view, path, format, channel));
  },
  cancelExport: (exportId: string): Promise<boolean> => commands.cancelExport(exportId),

  /** The provider's models for the settings form's values (`key` Keep: the stored key). */
  aiModels: async (settings: AiSettingsDto, key: PasswordInputDto): Promise<string[]> =>
    unwrap(await commands.aiModels(settings, key)),
  /** Real small requests: what works, or a typed error saying exactly what does not. */
  testAi: async (settings: AiSettingsDto, key: PasswordInputDto): Promise<AiTestReportDto> =>
    unwrap(await commands.testAi(settings, key)),
  /** Where the stored API key is sent (`https://host[:port]`), or null when none is stored. */
  aiKeyOrigin: async (): Promise<string | null> => unwrap(await commands.aiKeyOrigin()),
  /** Stores the key for the provider at `baseUrl`: it is sent to that origin only. */
  setAiKey: async (key: PasswordInputDto, baseUrl: string): Promise<void> => {
    unwrap(await commands.setAiKey(key, baseUrl));
  },
  chatMessages: async (queryId: number): Promise<ChatMessageDto[]> => unwrap(await commands.chatMessages(queryId)),
  /** Asks in a query's chat; `onEvent` hears the reply as it streams. */
  askAssistant: async (
    queryId: number,
    turnId: string,
    text: string,
    editorSql: string | null,
    onEvent: (e: ChatEventDto) => void,
  ): Promise<ChatExchangeDto> => {
    const channel = new Channel<ChatEventDto>();
    channel.onmessage = onEvent;
    return unwrap(await commands.askAssistant(queryId, turnId, text, editorSql, channel));
  },
  /** Asks again for a failed or stopped reply, which it replaces. */
  retryReply: async (
    queryId: number,
    replyId: number,
    turnId: string,
    editorSql: string | null,
    onEvent: (e: ChatEventDto) => void,
  ): Promise<ChatMessageDto> => {
    const channel = new Channel<ChatEventDto>();
    channel.onmessage = onEvent;
    return unwrap(await commands.retryReply(queryId, replyId, turnId, editorSql, channel));
  },
  stopReply: (turnId: string): Promise<boolean> => commands.stopReply(turnId),
  clearChat: async (queryId: number): Promise<void> => {
    unwrap(await commands.clearChat(queryId));
  },
  /** The request bodies a reply sent, as pretty JSON. */
  chatSent: async (queryId: number, messageId: number): Promise<string> =>
    unwrap(await commands.chatSent(queryId, messageId)),
  chatSamplesAllowed: async (queryId: number): Promise<boolean> => unwrap(await commands.chatSamplesAllowed(queryId)),
  allowChatSamples: async (queryId: number, allowed: boolean): Promise<void> => {
    unwrap(await commands.allowChatSamples(queryId, allowed));
  },
  /** Native save dialog; null when dismissed. */
  pickSavePath: async (defaultPath: string, format: ExportFormatDto): Promise<string | null> =>
    saveDialog({ defaultPath, filters: [{ name: format.toUpperCase(), extensions: [format] }] }),

  /** Native file picker; resolves to the chosen paths (empty when dismissed). */
  pickFiles: async (): Promise<string[]> => {
    const picked = await openDialog({ multiple: true, directory: false, filters: FILE_FILTERS });
    if (picked === null) return [];
    return Array.isArray(picked) ? picked : [picked];
  },
  pickFolder: async (): Promise<string[]> => {
    const picked = await openDialog({ multiple: false, directory: true });
    return typeof picked === "string" ? [picked] : [];
  },

  /** Files dropped on the window, and whether a drag is hovering over it. */
  onFileDrop: async (handlers: { hover: (over: boolean) => void; drop: (paths: string[]) => void }) =>
    getCurrentWebview().onDragDropEvent((event) => {
      const payload = event.payload;
      if (payload.type === "enter" || payload.type === "over") handlers.hover(true);
      else if (payload.type === "leave") handlers.hover(false);
      else if (payload.type === "drop") {
        handlers.hover(false);
        if (payload.paths.length > 0) handlers.drop(payload.paths);
      }
    }),
  onFilesAdded: (handler: (outcomes: AddFileOutcomeDto[]) => void) =>
    events.filesAdded.listen((event) => handler(event.payload.outcomes)),
  /** What changed in the workspace (sources, catalog, a connection's status), as it happens. */
  onWorkspaceChanged: (handler: (change: WorkspaceChanged) => void) =>
    events.workspaceChanged.listen((event) => handler(event.payload)),
  /** Choices from the native menu bar. */
  onMenuCommand: (handler: (action: MenuAction) => void) =>
    events.menuCommand.listen((event) => handler(event.payload.action)),

  /** Sends a line to the app's log file (the UI has no other durable log). */
  log: (level: UiLogLevel, message: string): void => {
    void commands.logUi(level, message).catch(() => undefined);
  },
};

export type Backend = typeof backend;
