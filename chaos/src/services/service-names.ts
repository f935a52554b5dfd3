/** The services a chaos scenario runs in processes of their own (see `service-process.ts`). */
export const SERVICE_NAMES = ['orchestrator', 'scavenger', 'scheduler', 'worker-assistant'] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];
