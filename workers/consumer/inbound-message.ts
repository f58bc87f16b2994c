/** A Kafka record as the workers see it, independent of the client library. */
export type InboundMessage = {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
};

/** A record to publish. */
export type OutboundMessage = {
  topic: string;
  key: string | null;
  value: Buffer | string | null;
  headers: Record<string, string>;
};
