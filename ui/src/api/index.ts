// The only door from the UI to Rust. Components import from here, never from
// `@tauri-apps/api/core`; the functions below wrap the generated bindings and turn the
// `{ status: "error" }` arm into a thrown `AppError` that carries the typed `DeskError`.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  events,
  type FilesDropped,
  type AppInfo,
  type ConnectionReport,
  type CustomerRow,
  type CustomerView,
  type DeskError,
  type DirectoryPage,
  type DirectoryProgress,
  type DirectoryQuery,
  type UnreadableRecord,
  type EnvironmentKind,
  type EnvironmentStatus,
  type KeyStatus,
  type TosLinkView,
  type CountryOption,
  type CustomerKind,
  type DraftRetention,
  type DraftView,
  type DraftSummary,
  type FieldDef,
  type KeyValueField,
  type PartyForm,
  type SlotView,
  type StepDef,
  type StepId,
  type StepStatus,
  type UploadProgress,
  type WizardState,
  type Language,
  type ManualUpload,
  type RfiInbox,
  type AuditEntry,
  type AuditVerification,
  type AuditProblem,
  type RfiView,
  type TransactionRfi,
  type PickedFile,
  type ConfirmationNeeded,
  type InfoValue,
  type AuditResult,
  type AuditRow,
  type ExportFormat,
  type Vocabulary,
  type Tone,
  type PartyFormDef,
  type PartyKindDef,
  type Finding,
  type LabelExplanation,
  type RfiPick,
  type GuardProblem,
} from "../bindings";

export type {
  AppInfo,
  ConnectionReport,
  CustomerRow,
  CustomerView,
  DeskError,
  DirectoryPage,
  DirectoryProgress,
  DirectoryQuery,
  UnreadableRecord,
  EnvironmentKind,
  EnvironmentStatus,
  KeyStatus,
  TosLinkView,
  CountryOption,
  CustomerKind,
  DraftRetention,
  DraftView,
  DraftSummary,
  FieldDef,
  KeyValueField,
  PartyForm,
  SlotView,
  StepDef,
  StepId,
  StepStatus,
  UploadProgress,
  WizardState,
  ManualUpload,
  PickedFile,
  RfiInbox,
  RfiView,
  AuditEntry,
  AuditVerification,
  AuditProblem,
  TransactionRfi,
  ConfirmationNeeded,
  InfoValue,
  AuditResult,
  AuditRow,
  Vocabulary,
  Tone,
  PartyFormDef,
  PartyKindDef,
  Finding,
  LabelExplanation,
  RfiPick,
  GuardProblem,
};
export type FieldError = { field: string; message: string };

export class AppError extends Error {
  readonly detail: DeskError;
  constructor(detail: DeskError) {
    super(detail.message);
    this.name = "AppError";
    this.detail = detail;
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: DeskError };

async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const outcome = await call;
  if (outcome.status === "error") throw new AppError(outcome.error);
  return outcome.data;
}

/** Any failure (ours or a framework rejection such as an ACL denial) as a DeskError. */
export function toDeskError(error: unknown): DeskError {
  if (error instanceof AppError) return error.detail;
  if (error && typeof error === "object" && "code" in error && "message" in error) {
    return error as DeskError;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "internal", message };
}

/** Field-level problems of an error, empty for errors that are not about inputs. */
export function fieldErrors(error: DeskError | null | undefined): FieldError[] {
  if (!error) return [];
  return "fields" in error ? error.fields : [];
}

export function fieldError(error: DeskError | null | undefined, field: string): string | undefined {
  return fieldErrors(error).find((f) => f.field === field)?.message;
}

export const api = {
  appInfo: () => unwrap(commands.appInfo()),
  openExternal: (url: string) => unwrap(commands.openExternal(url)),

  environments: () => unwrap(commands.environmentsList()),
  setEnvironment: (environment: EnvironmentKind, confirmation: string | null) =>
    unwrap(commands.environmentSet(environment, confirmation)),
  setApiKey: (environment: EnvironmentKind, apiKey: string) => unwrap(commands.apiKeySet(environment, apiKey)),
  deleteApiKey: (environment: EnvironmentKind) => unwrap(commands.apiKeyDelete(environment)),
  testConnection: (environment: EnvironmentKind) => unwrap(commands.connectionTest(environment)),
  draftRetention: () => unwrap(commands.draftRetentionGet()),
  setDraftRetention: (retention: DraftRetention) => unwrap(commands.draftRetentionSet(retention)),

  loadDirectory: (onProgress: (p: DirectoryProgress) => void) => {
    const channel = new Channel<DirectoryProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.directoryLoad(channel));
  },
  queryDirectory: (query: DirectoryQuery) => unwrap(commands.directoryQuery(query)),
  customer: (id: string) => unwrap(commands.customerGet(id)),
  revealTaxId: (id: string) => unwrap(commands.customerRevealTaxId(id)),
  createTosLink: (id: string, confirmation: string | null) => unwrap(commands.tosLinkCreate(id, confirmation)),
  acceptTermsLocally: (id: string) => unwrap(commands.localSandboxAcceptTerms(id)),

  setUiLanguage: (language: Language) => unwrap(commands.uiLanguageSet(language)),
  countries: () => unwrap(commands.countries()),
  drafts: () => unwrap(commands.draftList()),
  newDraft: (kind: CustomerKind) => unwrap(commands.draftNew(kind)),
  openDraft: (id: string) => unwrap(commands.draftOpen(id)),
  draftState: (id: string) => unwrap(commands.draftState(id)),
  saveDraft: (draft: DraftView) => unwrap(commands.draftSave(draft)),
  deleteDraft: (id: string) => unwrap(commands.draftDelete(id)),
  createCustomer: (draftId: string, confirmation: string | null) =>
    unwrap(commands.wizardCreateCustomer(draftId, confirmation)),
  refreshWizard: (draftId: string) => unwrap(commands.wizardRefresh(draftId)),
  wizardTosLink: (draftId: string, confirmation: string | null) =>
    unwrap(commands.wizardTosLink(draftId, confirmation)),
  sendAdditional: (draftId: string, confirmation: string | null) =>
    unwrap(commands.wizardSendAdditional(draftId, confirmation)),
  sendParty: (draftId: string, localId: string, confirmation: string | null) =>
    unwrap(commands.wizardSendParty(draftId, localId, confirmation)),
  pickDocument: (draftId: string, slotId: string, title: string) =>
    unwrap(commands.documentPick(draftId, slotId, title)),
  uploadDocument: (
    draftId: string,
    slotId: string,
    confirmation: string | null,
    onProgress: (p: UploadProgress) => void,
  ) => {
    const channel = new Channel<UploadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.documentUpload(draftId, slotId, confirmation, channel));
  },
  cancelUpload: (draftId: string, slotId: string) => unwrap(commands.documentUploadCancel(draftId, slotId)),
  startVerification: (draftId: string, confirmation: string | null) =>
    unwrap(commands.wizardStartVerification(draftId, confirmation)),
  documentDate: (draftId: string, slotId: string, date: string) =>
    unwrap(commands.documentDate(draftId, slotId, date)),
  assignDocument: (draftId: string, slotId: string, token: string) =>
    unwrap(commands.documentAssign(draftId, slotId, token)),
  /** Files dropped on the window: tokens and the drop point; returns the unlisten function. */
  onFilesDropped: (handler: (e: FilesDropped) => void) => events.filesDropped.listen((e) => handler(e.payload)),
  rfiInbox: () => unwrap(commands.rfiInbox()),
  rfiView: (customerId: string) => unwrap(commands.rfiView(customerId)),
  rfiPickDocument: (customerId: string, itemId: string, title: string) =>
    unwrap(commands.rfiPickDocument(customerId, itemId, title)),
  rfiResendDocument: (
    customerId: string,
    itemId: string,
    token: string,
    overrideReason: string | null,
    confirmation: string | null,
    onProgress: (p: UploadProgress) => void,
  ) => {
    const channel = new Channel<UploadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.rfiResendDocument(customerId, itemId, token, overrideReason, confirmation, channel));
  },
  rfiMarkDone: (customerId: string, itemId: string, note: string) =>
    unwrap(commands.rfiMarkDone(customerId, itemId, note)),
  rfiSubmit: (customerId: string, overrideReason: string | null, confirmation: string | null) =>
    unwrap(commands.rfiSubmit(customerId, overrideReason, confirmation)),
  auditList: (filter: string) => unwrap(commands.auditList(filter)),
  auditVerify: () => unwrap(commands.auditVerify()),
  auditExport: (format: ExportFormat) => unwrap(commands.auditExport(format)),
  saveAccountNote: (accountId: string, note: string) => unwrap(commands.accountRfiNote(accountId, note)),
  /** Tells Rust an outcome was observed; it notifies only if the window is not focused. */
  transactionRfis: () => unwrap(commands.transactionRfis()),
  saveTransactionRfi: (rfi: TransactionRfi) => unwrap(commands.transactionRfiSave(rfi)),
  deleteTransactionRfi: (id: string) => unwrap(commands.transactionRfiDelete(id)),
  draftForCustomer: (customerId: string) => unwrap(commands.draftForCustomer(customerId)),
  pickAnyDocument: (title: string) => unwrap(commands.documentPickAny(title)),
  uploadManual: (upload: ManualUpload, confirmation: string | null, onProgress: (p: UploadProgress) => void) => {
    const channel = new Channel<UploadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.documentUploadManual(upload, confirmation, channel));
  },
};
