import { ACTIONS } from './actions';
import { button, card, md } from './parts';

/** One attached file as cards list it. */
export interface EvidenceView {
  id: string;
  name: string;
  /** Its kind, as people call it (`JPG 图片`). */
  kind: string;
  size: string;
  sha256: string;
  /** The uploaded picture a card can show; null for documents and for a picture the platform refused. */
  imageKey: string | null;
}

/** The lines a task card shows of its evidence (names and sizes; never the pictures). */
export function evidenceSummary(files: readonly EvidenceView[]) {
  if (files.length === 0) return [];
  return [md(`**现场材料**（${files.length} 件）：${files.map((f) => `${f.name}（${f.size}）`).join('、')}`)];
}

/**
 * The reviewer's list: each picture shown small (the card goes to reviewers only), each file with its
 * size and SHA-256 prefix, and 查看原件 to have the stored file sent to their own chat.
 */
export function evidenceReviewList(taskNo: string, files: readonly EvidenceView[], required: boolean) {
  if (files.length === 0)
    return [md(required ? '**现场材料**：无（本事项要求上传现场材料）' : '**现场材料**：未上传')];
  return [
    md(`**现场材料**（${files.length} 件，仅审核人可查看，不公开）`),
    ...files.flatMap((f, i) => [
      ...(f.imageKey
        ? [
            {
              tag: 'img',
              img_key: f.imageKey,
              alt: { tag: 'plain_text', content: f.name },
              scale_type: 'fit_horizontal',
              preview: true,
            },
          ]
        : []),
      md(`${i + 1}. ${f.name}（${f.kind}，${f.size}）\nSHA-256 ${f.sha256.slice(0, 16)}…`),
      button('查看原件', { action: ACTIONS.evidenceView, taskNo, id: f.id }),
    ]),
  ];
}

/** The answer to each file attached: its name, size and task, what the task now holds, and 撤回. */
export function evidenceReceiptCard(v: {
  taskNo: string;
  id: string;
  name: string;
  size: string;
  sha256: string;
  files: number;
  total: string;
}) {
  return card({
    title: '已收到现场材料',
    template: 'green',
    elements: [
      md(
        `“${v.name}”（${v.size}）已附到任务 **${v.taskNo}**，SHA-256 ${v.sha256.slice(0, 16)}… 已记入审计日志。\n本任务现有现场材料 ${v.files} 件，共 ${v.total}。继续发送即可补充；材料齐全后请在任务卡片上填报检查结果。`,
      ),
      button('撤回此文件', { action: ACTIONS.evidenceWithdraw, taskNo: v.taskNo, id: v.id }),
    ],
  });
}

/** A receipt after 撤回: the file is gone from the task; the audit log keeps both steps. */
export function evidenceWithdrawnCard(v: { taskNo: string; name: string; sha256: string }) {
  return card({
    title: '现场材料已撤回',
    template: 'grey',
    elements: [
      md(
        `“${v.name}”已从任务 **${v.taskNo}** 撤回并删除；审计日志保留其上传与撤回记录（SHA-256 ${v.sha256.slice(0, 16)}…）。如需补充，请重新发送正确的文件。`,
      ),
    ],
  });
}

/** A file sent with no task pending: which of the sender's open tasks it belongs to. */
export function evidencePickerCard(v: {
  file: { messageId: string; key: string; type: 'file' | 'image'; fileName?: string };
  tasks: readonly { taskNo: string; targetName: string; itemName: string; deadline: string }[];
}) {
  const shown = v.tasks.slice(0, MAX_PICKS);
  const what = v.file.fileName ? `“${v.file.fileName}”` : '这张图片';
  return card({
    title: '这份现场材料属于哪个任务？',
    template: 'blue',
    elements: [
      md(
        `请选择${what}所属的检查任务（也可在任务卡片上先点击“上传现场材料”，之后发送的文件会自动附到该任务）：`,
      ),
      ...shown.map((t) =>
        button(`${t.taskNo} ${t.targetName}（${t.itemName}，${t.deadline} 前）`, {
          action: ACTIONS.evidencePick,
          taskNo: t.taskNo,
          messageId: v.file.messageId,
          key: v.file.key,
          type: v.file.type,
          ...(v.file.fileName ? { fileName: v.file.fileName } : {}),
        }),
      ),
      ...(v.tasks.length > shown.length
        ? [
            md(
              `另有 ${v.tasks.length - shown.length} 个任务未列出：请在该任务卡片上点击“上传现场材料”后重新发送。`,
            ),
          ]
        : []),
    ],
  });
}

const MAX_PICKS = 10;
