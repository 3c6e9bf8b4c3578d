// Collapses bursts of calls into as few runs as correctness allows: a call while a run is in
// flight asks for exactly one more run after it, however many calls came in the meantime.
export function coalesce(run: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  let again = false;
  const start = (): Promise<void> => {
    inFlight = run().finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        void start();
      }
    });
    return inFlight;
  };
  return () => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    return start();
  };
}
