import { Box, render, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Clock } from '../clock/clock.js';
import { formatSpan } from '../state/lease-holder.js';
import type { ServiceStatus, StandbyStatus } from '../status/service-status.js';
import { formatUtc } from '../status/format-status.js';

/** What the dashboard shows: the latest status of each environment, and how fresh it is. */
export interface DashboardProps {
  statuses: ServiceStatus[];
  /** When the statuses were read; absent before the first read. */
  updatedAt?: number;
  intervalMs: number;
  /** The last read failed: shown, while the previous statuses stay on screen. */
  error?: string;
}

/** The `odin status --watch` screen: one panel per environment, redrawn after every read. */
export function Dashboard(props: DashboardProps) {
  const refreshed = props.updatedAt ? `updated ${formatUtc(props.updatedAt)}` : 'reading…';
  return (
    <Box flexDirection="column">
      <Text dimColor>
        odin status — {refreshed}, every {formatSpan(props.intervalMs)} (Ctrl-C to stop)
      </Text>
      {props.error ? <Text color="red">Could not refresh: {props.error}</Text> : null}
      {props.statuses.map((status) => (
        <EnvironmentPanel key={`${status.service}/${status.environment}`} status={status} />
      ))}
    </Box>
  );
}

function EnvironmentPanel({ status }: { status: ServiceStatus }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} marginTop={1}>
      <Text bold>
        {status.service} ({status.environment}) <Text dimColor>{status.region}</Text>
      </Text>
      <LiveRow status={status} />
      {status.targetGroups.map((tg) => (
        <Row key={tg.arn} label="targets">
          {tg.name}: <Text color="green">{tg.healthy} healthy</Text>
          {tg.unhealthy > 0 ? <Text color="red">, {tg.unhealthy} unhealthy</Text> : null}
          {tg.initial > 0 ? <Text color="yellow">, {tg.initial} initial</Text> : null}
          {tg.draining > 0 ? <Text color="yellow">, {tg.draining} draining</Text> : null}
          {tg.otherFleets.healthy > 0 ? (
            <Text dimColor> ({tg.otherFleets.healthy} of other fleets)</Text>
          ) : null}
        </Row>
      ))}
      <Row label="traffic">{status.traffic?.summary ?? 'unknown'}</Row>
      {status.standbys.length === 0 ? <Row label="standbys">none</Row> : null}
      {status.standbys.map((s) => (
        <Row key={s.name} label="standby">
          {standbyText(s)}
        </Row>
      ))}
      <DeployRow status={status} />
      {status.activity.slice(0, 3).map((a, i) => (
        <Row key={`${a.at}-${i}`} label={i === 0 ? 'activity' : ''}>
          <Text color={a.replacement ? 'yellow' : undefined}>
            {formatUtc(a.at).slice(11, 19)} {a.description}
            {a.replacement ? ' (replacing an unhealthy instance)' : ''}
          </Text>
        </Row>
      ))}
      {status.warnings.map((w) => (
        <Text key={w} color="yellow">
          ! {w}
        </Text>
      ))}
    </Box>
  );
}

function LiveRow({ status }: { status: ServiceStatus }) {
  const live = status.live;
  if (!live) return <Row label="live">nothing is live</Row>;
  const f = live.fleet;
  const states = Object.entries(f.instances)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const age = live.ageMs !== undefined ? ` for ${formatSpan(live.ageMs)}` : '';
  return (
    <>
      <Row label="live">
        <Text color="green" bold>
          {live.releaseId}
        </Text>
        {live.image ? ` ${live.image.name ?? live.image.id}` : ''}
        {age}
        {live.kind === 'rollback' && live.rolledBackTo ? ` (rollback to ${live.rolledBackTo})` : ''}
      </Row>
      <Row label="fleet">
        {f.name} min {f.min} / desired {f.desired} / max {f.max}: {states || 'no instances'}
        {f.unhealthyInstances > 0 ? <Text color="red"> ({f.unhealthyInstances} unhealthy)</Text> : null}
      </Row>
    </>
  );
}

function DeployRow({ status }: { status: ServiceStatus }) {
  const d = status.deploy;
  const lease = status.lease;
  return (
    <>
      <Row label="deploy">
        {d ? (
          <Text color={d.status === 'running' ? 'cyan' : 'red'}>
            {d.kind} {d.releaseId} {d.status === 'running' ? 'in progress' : 'needs attention'}, last step{' '}
            {d.lastStep}
          </Text>
        ) : (
          'none in progress'
        )}
      </Row>
      {lease ? (
        <Row label="lease">
          {lease.state} by {lease.holder} ({lease.command})
        </Row>
      ) : null}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Box width={10} flexShrink={0}>
        <Text dimColor>{label}</Text>
      </Box>
      <Text>{children}</Text>
    </Box>
  );
}

function standbyText(s: StandbyStatus): string {
  if (!s.warm) return `${s.name} cold`;
  const expiry =
    s.expiresInMs !== undefined && s.expiresInMs > 0 ? `, warm for ${formatSpan(s.expiresInMs)} more` : '';
  return `${s.name} warm, ${s.running}/${s.desired} running${expiry}`;
}

/** How the live dashboard reads and when it stops. */
export interface RunDashboardOptions {
  read: () => Promise<ServiceStatus[]>;
  intervalMs: number;
  clock: Clock;
  /** Stops the dashboard (SIGTERM); Ctrl-C on the terminal stops it too. */
  signal?: AbortSignal;
  stdout?: NodeJS.WriteStream;
}

/**
 * Draws the dashboard and re-reads every interval until stopped; returns the last statuses read.
 * A failed read is shown and retried at the next interval rather than ending the watch.
 */
export async function runDashboard(options: RunDashboardOptions): Promise<ServiceStatus[]> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let props: DashboardProps = { statuses: [], intervalMs: options.intervalMs };
  // odin never writes to the console, so ink has nothing to intercept there.
  const app = render(<Dashboard {...props} />, {
    stdout: options.stdout ?? process.stdout,
    patchConsole: false,
  });
  void app.waitUntilExit().finally(() => stop.abort());
  try {
    while (!signal.aborted) {
      props = await refreshed(options, props);
      app.rerender(<Dashboard {...props} />);
      if (signal.aborted) break;
      await options.clock.sleep(options.intervalMs, signal).catch(() => undefined);
    }
  } finally {
    app.unmount();
  }
  return props.statuses;
}

async function refreshed(options: RunDashboardOptions, props: DashboardProps): Promise<DashboardProps> {
  try {
    const statuses = await options.read();
    return { statuses, updatedAt: options.clock.now(), intervalMs: options.intervalMs };
  } catch (error) {
    return { ...props, error: error instanceof Error ? error.message : String(error) };
  }
}
