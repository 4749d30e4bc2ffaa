/** An anonymous fact about a turn, for aggregate reporting: never a phone number or a message text. */
export interface AnalyticsEvent {
  name:
    | 'conversation_started'
    | 'step_entered'
    | 'answer_saved'
    | 'command'
    | 'reprompt'
    | 'safety'
    | 'flow_changed_restart'
    | 'erased'
    | 'campaign_started'
    | 'follow_up_agreed'
    | 'follow_up_sent'
    | 'follow_up_dropped'
    | 'follow_ups_cancelled'
    | 'welcomed_back'
    | 'aside'
    | 'activity_search';
  props?: Record<string, string | number>;
}
