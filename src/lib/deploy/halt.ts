import { ExitCode } from '../errors/exit-codes.js';
import { OdinError } from '../errors/odin-error.js';
import {
  deleteMarker,
  readMarker,
  runningDeploy,
  writeMarker,
  type DeployMarker,
  type MarkerContext,
} from '../state/marker.js';

/** The marker `odin halt` leaves for the running deploy it wants stopped. */
export interface HaltMarker extends DeployMarker {
  reason?: string;
}

/** A halt was requested for this deploy; the lifecycle undoes itself when it sees one. */
export class HaltRequested extends OdinError {
  constructor(readonly marker: HaltMarker) {
    super(
      'HALTED',
      ExitCode.RolledBack,
      `halted by ${marker.by} at ${new Date(marker.requestedAt).toISOString()}${marker.reason ? ` (${marker.reason})` : ''}`,
      { hint: HALTED_HINT },
    );
  }
}

/** What to do after a halted deploy was undone. */
export const HALTED_HINT = 'Deploy again when ready; `odin history` shows the halted release.';

/** What halt and the marker readers need. */
export type HaltContext = MarkerContext;

/** Asks the running deploy to stop (it undoes itself within one poll interval); returns which deploy was asked. */
export async function requestHalt(ctx: HaltContext, options: { reason?: string } = {}): Promise<HaltMarker> {
  const record = await runningDeploy(ctx, 'Nothing to halt; `odin status` shows what is live.');
  return writeMarker(ctx, 'halt', record, options.reason ? { reason: options.reason } : {});
}

/** The halt marker aimed at `deployId`, if one was written. */
export async function readHalt(ctx: HaltContext, deployId: string): Promise<HaltMarker | undefined> {
  return (await readMarker<HaltMarker>(ctx, 'halt', (marker) => marker.deployId === deployId))?.marker;
}

/** Removes the halt marker once the halted deploy has been undone. */
export async function clearHalt(ctx: HaltContext): Promise<void> {
  await deleteMarker(ctx, 'halt');
}
