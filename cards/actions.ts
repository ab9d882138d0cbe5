/**
 * Every action id a card can carry in its button value. Cards build values from these, the router
 * registers a handler for each, and start-up fails if one lacks its handler.
 */
export const ACTIONS = {
  drawStart: 'draw.start',
  drawSubmit: 'draw.submit',
  drawRedraw: 'draw.redraw',
  drawCancel: 'draw.cancel',
  drawApprove: 'draw.approve',
  drawReject: 'draw.reject',
  reportOpen: 'report.open',
  reportSubmit: 'report.submit',
  reviewAccept: 'review.accept',
  reviewReturn: 'review.return',
  opsRetry: 'ops.retry',
  opsRetryAll: 'ops.retryAll',
  opsRefresh: 'ops.refresh',
  publicationPublish: 'publication.publish',
  publicationPublishAll: 'publication.publishAll',
  planApprove: 'plan.approve',
  planReject: 'plan.reject',
  planCarryOver: 'plan.carryOver',
  bindConfirm: 'bind.confirm',
  bindReject: 'bind.reject',
  taskReassign: 'task.reassign',
  objectionRecord: 'objection.record',
  objectionUphold: 'objection.uphold',
  objectionCorrect: 'objection.correct',
  evidenceStart: 'evidence.start',
  evidencePick: 'evidence.pick',
  evidenceView: 'evidence.view',
  evidenceWithdraw: 'evidence.withdraw',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];
