#!/usr/bin/env node
// Deploy benchmark: on the in-memory local cloud with a virtual clock, deploys fleets of 2, 20,
// 200 and 1000 instances and prints odin's overhead over the critical path (instance boot +
// target health checks + the old fleet's drain, from the simulator's own timings and the target
// group as the seeded world describes it), in simulated seconds, and the AWS calls per deploy and
// per health poll. It runs twice: with instant AWS calls, and with every call taking
// BENCH_LATENCY_MS (default 100 ms) of simulated time, so the overhead includes what AWS's own
// answer times cost; for the largest fleet at that latency it also prints each step's time and
// calls. Runs the TypeScript sources through tsx (`npm run bench:deploy`): the built CLI is a
// bundle whose modules cannot be imported one by one.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const src = new URL('../src/lib/', import.meta.url);
const load = (path) => import(new URL(path, src).href);
const { VirtualClock } = await load('clock/virtual-clock.ts');
const { createLocalCloud, DEFAULT_TIMINGS } = await load('simulator/index.ts');
const { createAws } = await load('aws/create-aws.ts');
const { loadManifest } = await load('manifest/load-manifest.ts');
const { deploy } = await load('deploy/index.ts');
const { rollback } = await load('rollback/index.ts');
// Loading an SDK client module is real I/O, during which a virtual clock would jump ahead.
const { warmUpClients: warmUp } = await load('simulator/warm-up.ts');

const SIZES = (process.env.BENCH_SIZES ?? '2,20,200,1000').split(',').map(Number);
const POLL_MS = 5_000;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const example = fileURLToPath(new URL('../examples/target-group.odin.yml', import.meta.url));

/** Deploys twice (the second over a live fleet) and measures the second, its AWS calls taking `latencyMs`. */
async function measure(size, latencyMs) {
  const { clock, cloud, aws, manifest } = await benchWorld(size);
  const quiet = () => {};
  await deploy({ aws, clock, sink: quiet }, { manifest, imageOverride: 'name:demo-app-v2', pollMs: POLL_MS });

  // Read before the measured deploy, so its calls are not counted.
  const critical = await criticalPathSec(aws);
  const polls = { count: 0, callsAtStart: 0, callsAtEnd: 0 };
  const steps = [];
  const sink = (event) => {
    if (event.type === 'step.start') steps.push({ step: event.step, at: event.at, calls: aws.stats().calls });
    if ((event.type === 'step.done' || event.type === 'step.fail') && steps.at(-1)?.step === event.step) {
      const step = steps.at(-1);
      Object.assign(step, { sec: (event.at - step.at) / 1000, calls: aws.stats().calls - step.calls });
    }
    if (event.step !== 'wait-healthy') return;
    if (event.type === 'step.start') polls.callsAtStart = aws.stats().calls;
    if (event.type === 'step.progress') polls.count++;
    if (event.type === 'step.done') polls.callsAtEnd = aws.stats().calls;
  };
  cloud.setFaults({ latencyMs });
  const before = aws.stats().calls;
  const started = clock.now();
  const real = performance.now();
  await deploy({ aws, clock, sink }, { manifest, imageOverride: 'name:demo-app-v2', pollMs: POLL_MS });
  const elapsedSec = (clock.now() - started) / 1000;
  return {
    size,
    latencyMs,
    elapsedSec,
    criticalSec: critical,
    overheadSec: elapsedSec - critical,
    callsPerDeploy: aws.stats().calls - before,
    callsPerPoll: (polls.callsAtEnd - polls.callsAtStart) / Math.max(1, polls.count),
    realMs: Math.round(performance.now() - real),
    steps: steps.map((step) => ({ ...step, startSec: (step.at - started) / 1000 })),
  };
}

/** The demo target group's health-check cycle (interval × healthy threshold), as AWS describes it. */
async function healthCycleSec(aws) {
  const [tg] = await aws.elbv2.findTargetGroups(['demo-web']);
  return { tg, sec: tg.healthCheck.intervalSec * tg.healthCheck.healthyThreshold };
}

/** Boot, then the demo target group's health-check cycle, then its deregistration delay (the old fleet's drain). */
async function criticalPathSec(aws) {
  const { tg, sec } = await healthCycleSec(aws);
  const drainSec = await aws.elbv2.getDeregistrationDelaySec(tg.arn);
  return DEFAULT_TIMINGS.bootMs / 1000 + sec + drainSec;
}

const rows = [];
for (const latencyMs of [0, LATENCY_MS]) for (const size of SIZES) rows.push(await measure(size, latencyMs));
console.log(`poll interval ${POLL_MS / 1000}s; times are simulated seconds`);
console.log(
  'instances  AWS call  deploy  critical path  overhead  within 1 poll  calls/deploy  calls/poll  real ms',
);
for (const r of rows) {
  console.log(
    [
      String(r.size).padStart(9),
      `${r.latencyMs} ms`.padStart(9),
      r.elapsedSec.toFixed(0).padStart(7),
      r.criticalSec.toFixed(0).padStart(14),
      r.overheadSec.toFixed(1).padStart(9),
      (r.overheadSec <= POLL_MS / 1000 ? 'yes' : 'NO').padStart(14),
      String(r.callsPerDeploy).padStart(13),
      r.callsPerPoll.toFixed(1).padStart(11),
      String(r.realMs).padStart(8),
    ].join(' '),
  );
}

// Where the time of the slowest row goes: each step's start, duration and calls. Time between
// steps is journal writes and halt checks; wait-healthy and retire hold the boot, the health
// checks and the drain.
const slowest = rows.filter((r) => r.latencyMs === LATENCY_MS).at(-1);
if (slowest) {
  console.log('');
  console.log(`steps of the ${slowest.size}-instance deploy with ${LATENCY_MS} ms calls`);
  console.log('step              start  seconds  calls');
  for (const s of slowest.steps) {
    console.log(
      [
        s.step.padEnd(15),
        s.startSec.toFixed(1).padStart(7),
        (s.sec ?? 0).toFixed(1).padStart(8),
        String(s.calls).padStart(6),
      ].join(' '),
    );
  }
}

// ---------------------------------------------------------------- rollback from a warm standby
// Added next to the deploy figures: how long `odin rollback` takes when the previous release's
// fleet is still warm, against a fresh deploy of that same release over the same live fleet.

/** A fresh cloud with the example manifest (no user data) at `size` instances, and a quiet deploy context. */
async function benchWorld(size) {
  const clock = new VirtualClock();
  const cloud = createLocalCloud({ clock, seed: 1 });
  cloud.seedExamples();
  const aws = createAws({ region: 'us-east-1', clock, customizeClient: cloud.customizeClient });
  const base = await loadManifest(example);
  const manifest = {
    ...base,
    instances: { ...base.instances, userData: undefined },
    capacity: { min: size, max: size, desired: size },
  };
  await warmUp(aws);
  return { clock, cloud, aws, manifest, ctx: (sink = () => {}) => ({ aws, clock, sink }) };
}

/** Simulated seconds of: a rollback onto v1's warm standby (total, and until traffic was verified), and a fresh deploy of v1. */
async function measureRollback(size, latencyMs) {
  const w = await benchWorld(size);
  const run = (image) =>
    deploy(w.ctx(), { manifest: w.manifest, imageOverride: `name:${image}`, pollMs: POLL_MS });
  await run('demo-app-v1');
  await run('demo-app-v2');
  const cycleSec = (await healthCycleSec(w.aws)).sec;
  w.cloud.setFaults({ latencyMs });
  let trafficAt = 0;
  const started = w.clock.now();
  const sink = (event) => {
    if (event.type === 'step.done' && event.step === 'cutover') trafficAt = event.at;
  };
  const result = await rollback(w.ctx(sink), { manifest: w.manifest, pollMs: POLL_MS });
  const rollbackSec = (w.clock.now() - started) / 1000;

  const fresh = await benchWorld(size);
  const deployOnce = (image) =>
    deploy(fresh.ctx(), { manifest: fresh.manifest, imageOverride: `name:${image}`, pollMs: POLL_MS });
  await deployOnce('demo-app-v2');
  fresh.cloud.setFaults({ latencyMs });
  const freshStarted = fresh.clock.now();
  await deployOnce('demo-app-v1');
  const freshSec = (fresh.clock.now() - freshStarted) / 1000;
  return {
    size,
    latencyMs,
    path: result.path,
    rollbackSec,
    trafficSec: (trafficAt - started) / 1000,
    freshSec,
    cycleSec,
  };
}

const rollbackRows = [];
for (const latencyMs of [0, LATENCY_MS])
  for (const size of (process.env.BENCH_ROLLBACK_SIZES ?? '2,20').split(',').map(Number))
    rollbackRows.push(await measureRollback(size, latencyMs));
console.log('');
console.log('rollback to the previous release (warm standby) vs a fresh deploy of it; simulated seconds');
console.log(
  `one health-check cycle is ${rollbackRows[0]?.cycleSec}s; "API time" is the rollback beyond that cycle`,
);
console.log('instances  AWS call  path          traffic back  rollback  API time  fresh deploy  ratio');
for (const r of rollbackRows) {
  console.log(
    [
      String(r.size).padStart(9),
      `${r.latencyMs} ms`.padStart(9),
      r.path.padEnd(12),
      r.trafficSec.toFixed(1).padStart(13),
      r.rollbackSec.toFixed(1).padStart(9),
      (r.rollbackSec - r.cycleSec).toFixed(1).padStart(9),
      r.freshSec.toFixed(0).padStart(13),
      (r.rollbackSec / r.freshSec).toFixed(2).padStart(6),
    ].join(' '),
  );
}
