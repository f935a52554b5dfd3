import { z } from 'zod';

/** The `name` every trigger has: the logical name its function is registered under, unique within a worker. */
export const triggerName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    'letters, digits, ".", "_" and "-", at most 128, starting with a letter or digit',
  );
