import { z } from 'zod';

/** Human-readable application number (办件编号): region + date + sequence + check character, unique hall-wide. */
export const ApplicationNo = z
  .string()
  .regex(/^\d{6}\d{8}\d{6}[0-9A-Z]$/, 'application number: region(6) date(8) seq(6) check(1)');
