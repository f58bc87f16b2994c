/** What the chain knows about one drink request; steps fill in what they learn. */
export type RequestState = {
  requestId: string;
  machineId: string;
  drinkId: string;
  drinkName: string;
  priceCents: number;
  machineName?: string;
  pickupNoticeSent?: boolean;
};
