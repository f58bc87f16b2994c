CREATE TABLE "payments" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"amount_cents" integer NOT NULL,
	"status" text NOT NULL,
	"decline_reason" text,
	"charged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refunded_at" timestamp with time zone,
	CONSTRAINT "payments_status_check" CHECK ("payments"."status" in ('charged', 'declined', 'refunded')),
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "maintenance_visits" (
	"machine_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	CONSTRAINT "maintenance_visits_machine_id_due_on_pk" PRIMARY KEY("machine_id","due_on")
);
--> statement-breakpoint
CREATE TABLE "machine_credentials" (
	"machine_id" uuid PRIMARY KEY NOT NULL,
	"machine_code" text NOT NULL,
	"api_key_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "machine_credentials_machine_code_unique" UNIQUE("machine_code")
);
--> statement-breakpoint
CREATE TABLE "contact_strategy_runs" (
	"event_id" uuid NOT NULL,
	"strategy" text NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_strategy_runs_event_id_strategy_pk" PRIMARY KEY("event_id","strategy")
);
--> statement-breakpoint
ALTER TABLE "maintenance_visits" ADD CONSTRAINT "maintenance_visits_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "machine_credentials" ADD CONSTRAINT "machine_credentials_machine_id_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maintenance_due_idx" ON "maintenance_visits" USING btree ("due_on");