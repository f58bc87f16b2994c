import type { Tx } from '../../db/client';

/** What the setup commands need to know about the machine being installed. */
export type MachineSetup = {
  machineId: string;
  country: string;
  city: string;
  installedAt: Date;
};

/**
 * One machine setup step with its inverse. `undo` is only called after `execute` completed, and
 * must remove every trace `execute` left.
 */
export type SetupCommand = {
  name: string;
  execute(tx: Tx, machine: MachineSetup): Promise<void>;
  undo(tx: Tx, machine: MachineSetup): Promise<void>;
};
