import type { Trigger } from '@sosw/worker';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import type { SoswSettings } from '../context.js';

/** Props of every trigger's construct (`QueueSource`, `ScheduleSource`, ...). */
export interface TriggerSourceProps<T extends Trigger> {
  readonly settings: SoswSettings;
  /** The worker's function: the one Lambda of the worker, labourer or not. */
  readonly function: LambdaFn;
  /** The trigger, validated (`parseTriggers`). */
  readonly trigger: T;
  /** The front of the names of queues and topics made for it: `<stage>-<worker name>`. */
  readonly namePrefix: string;
  /** The trigger in error messages: `triggers[0] (orders)`. */
  readonly where: string;
}
