import type { Tx } from '../../db/client';
import { DomainError, isRetriable } from '../../lib/errors';
import type { MachineSetup, SetupCommand } from './setup-command';

export type SetupResult =
  { status: 'active' } | { status: 'failed'; command: string; error: DomainError };

/**
 * The invoker: executes the commands in order; when one fails, undoes the executed ones in
 * reverse and reports which command failed. Retriable failures propagate (the event is tried
 * again) except on the last attempt; non-domain errors always propagate.
 */
export async function runSetupCommands(
  tx: Tx,
  commands: SetupCommand[],
  machine: MachineSetup,
  options: { lastAttempt: boolean },
): Promise<SetupResult> {
  const executed: SetupCommand[] = [];
  for (const command of commands) {
    try {
      await command.execute(tx, machine);
      executed.push(command);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (isRetriable(error) && !options.lastAttempt) throw error;
      for (const done of executed.reverse()) await done.undo(tx, machine);
      return { status: 'failed', command: command.name, error };
    }
  }
  return { status: 'active' };
}
