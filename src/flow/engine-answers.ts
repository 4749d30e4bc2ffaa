/**
 * Answers the engine saves itself, every turn, for flows to test like any other: `can_text_later` is false on
 * the browser chat page (no number), so an offer to text later is made only where it can be kept.
 */
export const CAN_TEXT_LATER = 'can_text_later';
export const ENGINE_ANSWERS: readonly string[] = [CAN_TEXT_LATER];
