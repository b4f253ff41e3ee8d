/**
 * Prometheus metrics. prom-client's default registry is used on purpose: in cluster mode the
 * primary process aggregates the workers' default registries (AggregatorRegistry), which only
 * works with that registry.
 */
import client from 'prom-client';
import type { Db } from '../storage/database.ts';
import type { Clock } from '../security/clock.ts';

export interface PortalMetrics {
  signInStep(step: 'password' | 'code' | 'resend' | 'authenticator', outcome: string): void;
  mailSent(template: string, enqueueToSentMs: number): void;
  mailFailed(kind: 'retry' | 'permanent'): void;
}

export const noMetrics: PortalMetrics = {
  signInStep: () => undefined,
  mailSent: () => undefined,
  mailFailed: () => undefined,
};

let registered: PortalMetrics | undefined;

/** Registers the portal's metrics once per process; the outbox gauges read the database on scrape. */
export function registerPortalMetrics(db: Db, clock: Clock): PortalMetrics {
  if (registered !== undefined) return registered;
  client.collectDefaultMetrics();
  const signIns = new client.Counter({
    name: 'portal_sign_in_steps_total',
    help: 'Sign-in steps by step and outcome',
    labelNames: ['step', 'outcome'] as const,
  });
  const loginToMail = new client.Histogram({
    name: 'portal_mail_enqueue_to_sent_seconds',
    help: 'Time from queuing an e-mail (the login) to its acceptance by the SMTP server',
    labelNames: ['template'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  });
  const smtpFailures = new client.Counter({
    name: 'portal_smtp_failures_total',
    help: 'Failed SMTP sends, by whether they will be retried',
    labelNames: ['kind'] as const,
  });
  let lastOutbox: Promise<{ depth: number; oldest: Date | null }> | undefined;
  const outboxState = () => {
    lastOutbox ??= db
      .selectFrom('outbox')
      .select((eb) => [eb.fn.countAll<number>().as('depth'), eb.fn.min('created_at').as('oldest')])
      .where('state', 'in', ['queued', 'sending'])
      .executeTakeFirstOrThrow()
      .then((row) => ({ depth: Number(row.depth), oldest: row.oldest === null ? null : new Date(row.oldest) }))
      .finally(() => {
        lastOutbox = undefined;
      });
    return lastOutbox;
  };
  new client.Gauge({
    name: 'portal_outbox_depth',
    help: 'E-mails waiting to be sent',
    aggregator: 'max',
    async collect() {
      this.set((await outboxState()).depth);
    },
  });
  new client.Gauge({
    name: 'portal_outbox_oldest_age_seconds',
    help: 'Age of the oldest e-mail waiting to be sent',
    aggregator: 'max',
    async collect() {
      const { oldest } = await outboxState();
      this.set(oldest === null ? 0 : (clock.now().getTime() - oldest.getTime()) / 1000);
    },
  });
  registered = {
    signInStep: (step, outcome) => signIns.inc({ step, outcome }),
    mailSent: (template, ms) => loginToMail.observe({ template }, ms / 1000),
    mailFailed: (kind) => smtpFailures.inc({ kind }),
  };
  return registered;
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: client.register.contentType, body: await client.register.metrics() };
}

export async function clusterMetricsText(aggregator: client.AggregatorRegistry<client.RegistryContentType>): Promise<{ contentType: string; body: string }> {
  return { contentType: aggregator.contentType, body: await aggregator.clusterMetrics() };
}

/** In a cluster worker: answer the primary's requests for this process's metrics. */
export function answerClusterMetricRequests(): void {
  // Constructing an AggregatorRegistry is what installs prom-client's worker-side listener.
  new client.AggregatorRegistry();
}
