/**
 * Work a request starts and does not wait for. "Wachtwoord vergeten?" answers before it looks
 * anything up, so neither the page nor how long it takes tells whether an account exists; the
 * lookup and the e-mail run here afterwards. Kept track of, so that shutting down waits for it
 * before the database closes (rather than cutting a recovery off half-way), and so tests can
 * wait for it instead of guessing how long it takes.
 */
export class BackgroundWork {
  readonly #running = new Set<Promise<void>>();

  /** Starts `task` now; its failure goes to `onError`, never to the request that started it. */
  start(task: () => Promise<unknown>, onError: (error: unknown) => void): void {
    const running: Promise<void> = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (error: unknown) => {
          try {
            onError(error);
          } catch {
            // A failing error handler must not become an unhandled rejection that stops the process.
          }
        },
      )
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** Resolves once nothing started here is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
