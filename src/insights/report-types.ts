import { z } from 'zod';

// Placeholder until src/analytics/reports.ts lands: the same shapes, so the switch is an import.
export const reportNameSchema = z.enum(['conversations_by_week', 'journey_funnel', 'checkin_bands', 'life_events', 'activity_searches', 'followup_outcomes', 'followups_delivery']);
export type ReportName = z.infer<typeof reportNameSchema>;
export const reportQuerySchema = z.object({ from: z.string(), to: z.string(), campaign: z.string().optional(), channel: z.string().optional(), language: z.string().optional() });
export type ReportQuery = z.infer<typeof reportQuerySchema>;
export const reportTableSchema = z.object({
  name: reportNameSchema,
  title: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), kind: z.enum(['text', 'count', 'share', 'number']) })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  note: z.string().optional(),
});
export type ReportTable = z.infer<typeof reportTableSchema>;
