import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { ConnectionDto } from "../../lib/backend";
import { renderWithReads as render } from "../../test/render";

import { fakeBackend as backend } from "../../test/fakeBackend";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  backend: (await import("../../test/fakeBackend")).fakeBackend,
}));

const { BackendError } = await import("../../lib/backend");
const { ConnectionForm } = await import("./ConnectionForm");

const saved: ConnectionDto = {
  id: 4,
  name: "Shop DB",
  identifier: "shop_db",
  settings: { kind: "postgres", host: "db.local", port: 5433, database: "shop", user: "ada", sslMode: "require", allowWrites: false, schemas: ["sales"] },
  hasPassword: true,
  status: { state: "attached" },
};

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("ConnectionForm", () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
  afterEach(() => vi.useRealTimers());

  it("shows the SQL name live, tests, and creates with the typed password", async () => {
    backend.connectionIdentifier.mockImplementation(async (name: string) => {
      if (name === "main") throw new BackendError({ kind: "Refused", data: '"main" is a reserved SQL name; choose another name' });
      return name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
    });
    const onSaved = vi.fn();
    render(<ConnectionForm existing={null} keychain={true} onSaved={onSaved} onDeleted={vi.fn()} onClose={vi.fn()} />);
    type("Name", "main");
    await act(async () => vi.advanceTimersByTimeAsync(200));
    await waitFor(() => expect(screen.getByTestId("identifier")).toHaveTextContent("reserved SQL name"));
    expect(screen.getByTestId("save-connection")).toBeDisabled();

    type("Name", "Shop DB");
    await act(async () => vi.advanceTimersByTimeAsync(200));
    await waitFor(() => expect(screen.getByTestId("identifier")).toHaveTextContent("shop_db.schema.table"));
    type("Database", "shop");
    type("User", "ada");
    type("Schemas", " public ,, sales ");
    type("Password", "it's \"secret\"");

    backend.testConnection.mockRejectedValueOnce(
      new BackendError({ kind: "Connection", data: { reason: "authFailed", message: "PostgreSQL at localhost:5432 refused the login" } }),
    );
    await act(async () => fireEvent.click(screen.getByTestId("test-connection")));
    expect(screen.getByTestId("test-result")).toHaveTextContent("refused the login");
    // The typed reason points at the user and the password, and the focus goes to the first.
    expect(screen.getByLabelText("User")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Host")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("User")).toHaveAccessibleDescription("PostgreSQL at localhost:5432 refused the login");
    await act(async () => vi.advanceTimersByTimeAsync(50));
    expect(screen.getByLabelText("User")).toHaveFocus();
    type("User", "ada_");
    type("User", "ada");
    expect(screen.getByLabelText("User")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    backend.testConnection.mockResolvedValueOnce(undefined);
    await act(async () => fireEvent.click(screen.getByTestId("test-connection")));
    expect(screen.getByTestId("test-result")).toHaveTextContent("Connected");
    expect(screen.getByLabelText("Password")).not.toHaveAttribute("aria-invalid");
    expect(backend.testConnection).toHaveBeenLastCalledWith(
      expect.objectContaining({ kind: "postgres", host: "localhost", port: 5432, database: "shop", user: "ada", schemas: ["public", "sales"] }),
      { action: "set", value: "it's \"secret\"" },
      null,
    );

    backend.createConnection.mockResolvedValue(saved);
    await act(async () => fireEvent.click(screen.getByTestId("save-connection")));
    expect(backend.createConnection).toHaveBeenCalledWith("Shop DB", expect.objectContaining({ database: "shop" }), "it's \"secret\"");
    expect(onSaved).toHaveBeenCalledWith(saved);
  });

  it("requires TLS for a server elsewhere until the user picks a mode", () => {
    render(<ConnectionForm existing={null} keychain={true} onSaved={vi.fn()} onDeleted={vi.fn()} onClose={vi.fn()} />);
    expect(screen.getByLabelText("SSL mode")).toHaveValue("prefer");
    type("Host", "db.example.com");
    expect(screen.getByLabelText("SSL mode")).toHaveValue("require");
    expect(screen.getByTestId("ssl-hint")).toHaveTextContent("never cross the network unencrypted");
    type("Host", "localhost");
    expect(screen.getByLabelText("SSL mode")).toHaveValue("prefer");
    fireEvent.change(screen.getByLabelText("SSL mode"), { target: { value: "disable" } });
    type("Host", "db.example.com");
    expect(screen.getByLabelText("SSL mode")).toHaveValue("disable");
  });

  it("never shows a stored password: blank keeps it, and the SQL name stays", async () => {
    backend.updateConnection.mockResolvedValue(saved);
    render(<ConnectionForm existing={saved} keychain={false} onSaved={vi.fn()} onDeleted={vi.fn()} onClose={vi.fn()} />);
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(screen.getByLabelText("Password")).toHaveAttribute("placeholder", "stored — leave blank to keep");
    expect(screen.getByText(/kept only until QBox quits/)).toBeInTheDocument();
    expect(screen.getByTestId("identifier")).toHaveTextContent("shop_db.schema.table");
    type("Name", "Shop (renamed)");
    await act(async () => fireEvent.click(screen.getByTestId("save-connection")));
    expect(backend.connectionIdentifier).not.toHaveBeenCalledWith("Shop (renamed)");
    expect(backend.updateConnection).toHaveBeenCalledWith(
      4,
      "Shop (renamed)",
      expect.objectContaining({ host: "db.local", port: 5433, sslMode: "require", schemas: ["sales"] }),
      { action: "keep" },
    );
  });

  it("creates an S3 connection with its secret access key and optional endpoint", async () => {
    backend.connectionIdentifier.mockResolvedValue("lake");
    backend.createConnection.mockResolvedValue({ ...saved, id: 9 });
    render(<ConnectionForm existing={null} keychain={true} onSaved={vi.fn()} onDeleted={vi.fn()} onClose={vi.fn()} />);
    fireEvent.click(screen.getByLabelText("S3 bucket"));
    type("Name", "Lake");
    await act(async () => vi.advanceTimersByTimeAsync(200));
    await waitFor(() => expect(screen.getByTestId("identifier")).toHaveTextContent("lake.table"));
    type("Bucket", "lake-2024");
    type("Endpoint", " 127.0.0.1:9000 ");
    fireEvent.click(screen.getByText(/Path-style URLs/));
    type("Access key ID", "AKIA");
    type("Secret access key", "s3cr3t/+");
    await act(async () => fireEvent.click(screen.getByTestId("save-connection")));
    expect(backend.createConnection).toHaveBeenCalledWith(
      "Lake",
      {
        kind: "s3",
        bucket: "lake-2024",
        region: "us-east-1",
        endpoint: "127.0.0.1:9000",
        pathStyle: true,
        useSsl: true,
        accessKeyId: "AKIA",
        credentialChain: false,
      },
      "s3cr3t/+",
    );
  });

  it("asks before deleting and says what happens to queries", async () => {
    backend.deleteConnection.mockResolvedValue(undefined);
    const onDeleted = vi.fn();
    render(<ConnectionForm existing={saved} keychain={true} onSaved={vi.fn()} onDeleted={onDeleted} onClose={vi.fn()} />);
    fireEvent.click(screen.getByText("Delete…"));
    expect(screen.getByText(/Queries keep its tables, shown as broken/)).toBeInTheDocument();
    await act(async () => fireEvent.click(screen.getByText("Delete")));
    expect(backend.deleteConnection).toHaveBeenCalledWith(4);
    expect(onDeleted).toHaveBeenCalledWith(4);
  });
});
