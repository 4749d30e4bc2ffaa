import type { Stage } from './turn-context.js';
import { answerStep } from './stages/answer-step.js';
import { chooseLanguage } from './stages/choose-language.js';
import { confirmDelete } from './stages/confirm-delete.js';
import { enterCampaign } from './stages/enter-campaign.js';
import { honourOptOut } from './stages/honour-opt-out.js';
import { noteReach } from './stages/note-reach.js';
import { resumeAfterSafety } from './stages/resume-after-safety.js';
import { runCommand } from './stages/run-command.js';
import { screenSafety } from './stages/screen-safety.js';
import { sendFollowUp } from './stages/send-follow-up.js';
import { welcomeBack } from './stages/welcome-back.js';

/** The turn, in order. The order is the policy, and it lives only here. */
export const STAGES: readonly Stage[] = [
  // First, always: someone at risk gets help even when opted out or mid-question.
  screenSafety,
  // Before anything can start a flow: whether an offer to text later could be kept, on this channel.
  noteReach,
  // STOP wins over everything but safety; an opted-out resident hears nothing more until START.
  honourOptOut,
  // The engine's own questions, each answered before a command or the flow could misread the answer.
  confirmDelete,
  chooseLanguage,
  resumeAfterSafety,
  // A campaign keyword or link starts (or picks up) a conversation.
  enterCampaign,
  // Commands work from any step, even after a long silence (MENU means the menu).
  runCommand,
  // After days of silence mid-conversation, ask before reading the message as an answer to a stale question.
  welcomeBack,
  // A follow-up the resident agreed to: its flow asks the first question.
  sendFollowUp,
  // Last: the flow's own question.
  answerStep,
];
