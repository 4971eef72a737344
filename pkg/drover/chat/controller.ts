// The chat of one page, outside any component: it owns the connection, the conversation state (folded by the
// reducer), the text being written and its chips, and the backend's status. The panel can close and open again,
// and the user can move around the dashboard: all of this stays. A reload finds the conversation again (the
// session id is kept for the tab) and the backend replays it.
import type {
  Attachment, ChatContext, ClientMessage, FeedbackRating, Models, ObjectRef, ReadRequest, ReadResult, Readiness, ServerEvent,
} from '@drover/protocol';
import {
  computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef
} from 'vue';
import type { DroverHost } from '../host/types';
import { isNotAllowed } from './access';
import { BackendApi, BackendError } from './backend-api';
import { ChatConnection, type ConnectionOptions, type ConnectionStatus } from './connection';
import { FrameBatcher } from './frame-batcher';
import {
  buildContext, emptyDraft, withAttachment, withResources, type Draft
} from './context';
import {
  emptyConversation, pendingApproval, reduceConversation, runningTurn, type Arrival, type ConversationState, type StepState, type TurnState,
} from './conversation';
import { PromptHistory, type PromptStorage } from './prompt-history';

const SESSION_KEY = 'drover.session';
const MODEL_KEY = 'drover.model';

/** What another extension (or a context action) asks for: `drover/open` with these. */
export interface OpenRequest {
  prompt?: string;
  context?: { resources?: ObjectRef[]; attachments?: Attachment[] };
  /** Send at once (a one-click diagnosis) instead of leaving the prompt to edit; once connected, if not yet. */
  autoSubmit?: boolean;
  /** Continue this conversation of the user's (e.g. one a detail page's diagnosis started) instead of the current one. */
  sessionId?: string;
}

type Storage = PromptStorage & { removeItem(key: string): void };

export interface ControllerOptions {
  sessionStorage?: Storage;
  localStorage?: Storage;
  connection?: ConnectionOptions;
  fetchImpl?: typeof fetch;
}

/** Why a message could not be sent (shown under the input; the text stays). */
export type SendProblem = 'disconnected' | 'busy' | 'approval-pending' | 'empty';

export class ChatController {
  readonly conversation: ShallowRef<ConversationState> = shallowRef(emptyConversation());
  readonly connection: Ref<ConnectionStatus> = ref({ state: 'stopped' });
  readonly draft: ShallowRef<Draft> = shallowRef(emptyDraft());
  readonly models: Ref<Models | undefined> = ref();
  readonly readiness: Ref<Readiness | undefined> = ref();
  /** The model the user picked; undefined: the configured one. */
  readonly model: Ref<string | undefined>;
  /** A message is on its way and its turn has not started yet. */
  readonly sending = ref(false);
  /** Turns this page asked for (not replayed from history, not another tab's): their answers are announced. */
  readonly ownTurns = new Set<string>();
  /** The last thing that went wrong outside the conversation (a failed history call, a refused read…). */
  readonly problem: Ref<string | undefined> = ref();
  /** Rancher refused this user the backend (no "Drover user" role): the panel says so in place of the chat. */
  readonly notAllowed = ref(false);
  /** The one check of access is running (before connecting, or the user's "Try again"). */
  readonly checkingAccess = ref(false);
  readonly running: ComputedRef<TurnState | undefined> = computed(() => runningTurn(this.conversation.value));
  readonly pending: ComputedRef<{ turn: TurnState; step: StepState } | undefined> = computed(() => pendingApproval(this.conversation.value));
  readonly api: BackendApi;
  readonly prompts: PromptHistory;
  private readonly socket: ChatConnection;
  /**
   * After New chat or opening another session, the socket still follows the old session until the backend says it
   * switched (a `session` event): until then, the old session's events are not this conversation's.
   */
  private switching?: { to?: string };
  /** Events fold into the conversation at most once per frame during a burst (see frame-batcher.ts). */
  private readonly arrivals = new FrameBatcher<Arrival>((batch) => {
    this.conversation.value = batch.reduce(reduceConversation, this.conversation.value);
  });

  private started = false;
  /** Counts starts and disconnects: a check that ends after a newer one began is ignored. */
  private runs = 0;
  private socketAddress = '';
  /** An `autoSubmit` asked for before the connection was open: the draft goes once it is (after a resume is answered). */
  private submitOnOpen = false;

  constructor(readonly host: DroverHost, private readonly options: ControllerOptions = {}) {
    this.api = new BackendApi(host.backendUrl, options.fetchImpl);
    this.prompts = new PromptHistory(options.localStorage);
    this.model = ref(options.localStorage?.getItem(MODEL_KEY) ?? undefined);
    this.socket = new ChatConnection(() => this.socketAddress, {
      onEvent: (event) => {
        if (this.switching && !this.switches(event)) return;
        if (event.type === 'turn_start' && this.sending.value) this.ownTurns.add(event.turnId);
        if (event.type === 'turn_start' || event.type === 'error') this.sending.value = false;
        this.arrivals.push({ event, at: Date.now() });
        if (event.type === 'session') this.options.sessionStorage?.setItem(SESSION_KEY, event.sessionId);
        if (this.submitOnOpen && (event.type === 'session' || event.type === 'error')) this.submitPending();
        // The model or the tools went away (or came back): the status line and banners should say so now.
        if (event.type === 'error' && (event.code === 'model_unavailable' || event.code === 'tools_unavailable')) this.refreshStatus();
      },
      onStatus: (status) => {
        this.connection.value = status;
        if (status.state !== 'open') this.sending.value = false;
      },
      onOpen: () => {
        // A reconnect often follows a restart of the backend or of what it depends on: check them again.
        this.refreshStatus();
        const { sessionId, lastSeq } = this.conversation.value;
        const saved = sessionId ?? this.options.sessionStorage?.getItem(SESSION_KEY) ?? undefined;

        if (saved) {
          this.socket.send({
            type: 'resume', sessionId: saved, afterSeq: sessionId ? lastSeq : 0
          });
        } else if (this.submitOnOpen) this.submitPending();
      },
      onInvalidFrame: (error) => {
        this.problem.value = host.t('drover.problems.invalidFrame', { error });
      },
    }, options.connection);
  }

  /** Connects and loads the backend's status; later calls do nothing (the panel opening again). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect(++this.runs);
  }

  disconnect(): void {
    this.started = false;
    this.runs += 1;
    this.checkingAccess.value = false;
    this.socket.stop();
  }

  /** The user's "Try again" once refused: one more check, and the connection if it passes. */
  retryAccess(): void {
    if (!this.notAllowed.value || this.checkingAccess.value) return;
    this.started = false;
    this.start();
  }

  /** The user's "retry now": reconnects (which checks the status again once open), or, when connected, checks it. */
  retryConnection(): void {
    if (this.socket.isOpen) this.refreshStatus();
    else this.socket.retryNow();
  }

  /** Which model answers and whether the model and the tools are reachable (for the status line and banners). */
  async refreshStatus(): Promise<void> {
    const [models, readiness] = await Promise.allSettled([this.api.models(), this.api.readiness()]);

    this.models.value = models.status === 'fulfilled' ? models.value : undefined;
    this.readiness.value = readiness.status === 'fulfilled' ? readiness.value : undefined;
  }

  /** The context the next message would carry (the chips). */
  context(): ChatContext {
    return buildContext(this.host.scope.value, this.draft.value);
  }

  setDraft(change: Partial<Draft>): void {
    this.draft.value = { ...this.draft.value, ...change };
  }

  attach(attachment: Attachment): void {
    this.draft.value = withAttachment(this.draft.value, attachment);
  }

  addResources(refs: ObjectRef[]): void {
    this.draft.value = withResources(this.draft.value, refs);
  }

  /** Why the draft cannot be sent now, if it cannot. */
  sendProblem(text = this.draft.value.text): SendProblem | undefined {
    if (!text.trim()) return 'empty';
    if (this.connection.value.state !== 'open') return 'disconnected';
    if (this.pending.value) return 'approval-pending';
    if (this.running.value || this.sending.value) return 'busy';

    return undefined;
  }

  /**
   * Sends the draft, which is cleared once it is on its way; or, given `text` (a retry, a starter, an object to
   * describe), that text with `context`, leaving what the user is writing alone.
   */
  send(text?: string, context: ChatContext = this.context()): SendProblem | undefined {
    const ofDraft = text === undefined;

    text ??= this.draft.value.text;
    const problem = this.sendProblem(text);

    if (problem) return problem;
    const model = this.model.value && this.model.value !== this.models.value?.configured[0]?.name ? this.model.value : undefined;
    const message: ClientMessage = {
      type: 'chat',
      text: text.trim(),
      context,
      ...(this.conversation.value.sessionId ? { sessionId: this.conversation.value.sessionId } : {}),
      ...(model ? { model } : {}),
    };

    if (!this.socket.send(message)) return 'disconnected';
    this.sending.value = true;
    this.prompts.remember(text);
    // The namespace choice stays for the next question; the text and the chips went with this one.
    if (ofDraft) this.draft.value = { ...emptyDraft(), namespace: this.draft.value.namespace };

    return undefined;
  }

  /** Fills the input (and sends it, when asked): the one way other extensions and context actions open a question. */
  open(request: OpenRequest = {}): void {
    this.start();
    if (request.sessionId) this.openSession(request.sessionId);
    let draft = this.draft.value;

    if (request.prompt !== undefined) draft = { ...draft, text: request.prompt };
    if (request.context?.resources?.length) draft = withResources(draft, request.context.resources);
    for (const attachment of request.context?.attachments ?? []) draft = withAttachment(draft, attachment);
    this.draft.value = draft;
    if (!request.autoSubmit || !request.prompt) return;
    // Right after the first open the socket is still connecting (or, after a switch, resuming): send once it can.
    if (this.socket.isOpen && !this.switching) this.send();
    else this.submitOnOpen = true;
  }

  /** Opens a request where the user sees it: the host's panel (docked in Rancher), or this chat in place. */
  show(request: OpenRequest): void {
    if (this.host.open) this.host.open(request);
    else this.open(request);
  }

  /** Ends the running turn: the model stops, running tools are cancelled, an open approval counts as denied. */
  stop(): void {
    const turn = this.running.value;

    if (turn) this.socket.send({ type: 'cancel', turnId: turn.turnId });
  }

  approve(approvalId: string, rememberForSession = false): boolean {
    return this.socket.send({
      type: 'approve', approvalId, ...(rememberForSession ? { rememberForSession } : {})
    });
  }

  deny(approvalId: string, reason?: string): boolean {
    const why = reason?.trim();

    return this.socket.send({
      type: 'deny', approvalId, ...(why ? { reason: why } : {})
    });
  }

  /** Asks the same question again, with what it carried then. */
  retry(turn: TurnState): SendProblem | undefined {
    return this.send(turn.text, turn.context ?? {});
  }

  /** Puts an earlier question back into the input to change it and send it again. */
  edit(turn: TurnState): void {
    this.draft.value = {
      text:        turn.text,
      resources:   turn.context?.resources ?? [],
      attachments: turn.context?.attachments ?? [],
      namespace:   turn.context?.namespace ?? null,
    };
  }

  /** Stores the user's rating of a turn; false when the backend refused it (the problem says why). */
  async rate(turn: TurnState, rating: FeedbackRating, comment?: string): Promise<boolean> {
    const { sessionId } = this.conversation.value;

    if (!sessionId) return false;

    const note = comment?.trim();

    return await this.guard(() => this.api.feedback(sessionId, turn.turnId, { rating, ...(note ? { comment: note } : {}) }).then(() => true)) ?? false;
  }

  newChat(): void {
    this.leaveSession();
    this.options.sessionStorage?.removeItem(SESSION_KEY);
    this.draft.value = emptyDraft();
  }

  /** Shows a conversation from the history: the backend replays all of its events. */
  openSession(sessionId: string): void {
    if (this.conversation.value.sessionId === sessionId) return;
    this.leaveSession(sessionId);
    this.options.sessionStorage?.setItem(SESSION_KEY, sessionId);
    this.socket.send({
      type: 'resume', sessionId, afterSeq: 0
    });
  }

  /** The session was deleted from the history: if it is the one shown, start afresh. */
  forget(sessionId: string): void {
    if (this.conversation.value.sessionId === sessionId) this.newChat();
  }

  selectModel(model: string | undefined): void {
    this.model.value = model;
    if (model) this.options.localStorage?.setItem(MODEL_KEY, model);
    else this.options.localStorage?.removeItem(MODEL_KEY);
  }

  /** Shows an object: its page in the host, or (the standalone page has none) its description in the chat. */
  showObject(ref: ObjectRef): SendProblem | undefined {
    const link = this.host.resourceLink(ref);

    if (link?.follow) {
      link.follow();

      return undefined;
    }
    const namespace = ref.namespace ? ` -n ${ ref.namespace }` : '';

    return this.send(`/describe ${ ref.kind.toLowerCase() }/${ ref.name }${ namespace }`, { ...(ref.cluster ? { cluster: ref.cluster } : {}) });
  }

  /** A read-only call for a renderer (more rows, more lines, the previous run), on the cluster the result came from. */
  read(request: ReadRequest): Promise<ReadResult> {
    return this.api.read(request);
  }

  /**
   * Where the host gates the backend by role, one request comes first: a refusal means no socket at all (its upgrade
   * would be refused the same way on every retry). Any other failure connects as usual, which retries and says so.
   */
  private async connect(run: number): Promise<void> {
    if (this.host.isRoleGated) {
      this.checkingAccess.value = true;
      this.connection.value = { state: 'connecting', attempt: 1 };
      const refused = await this.api.me().then(() => false, isNotAllowed);

      if (run !== this.runs) return;
      this.checkingAccess.value = false;
      this.notAllowed.value = refused;
      if (refused) {
        this.connection.value = { state: 'stopped' };

        return;
      }
    }
    const url = this.host.socketUrl();

    this.socketAddress = typeof url === 'string' ? url : await url;
    if (run === this.runs) this.socket.start();
  }

  /** The auto-submitted draft waiting for the connection goes once the resumed (or switched-to) session is known. */
  private submitPending(): void {
    this.submitOnOpen = false;
    this.arrivals.flush(); // the conversation learns its session id first, so the question continues it
    this.send();
  }

  /** Starts afresh, ignoring the session followed so far until the backend switches to `to` (or to any new one). */
  private leaveSession(to?: string): void {
    this.arrivals.flush();
    this.switching = { to };
    this.conversation.value = emptyConversation();
  }

  /** Whether an event ends a switch of sessions (it is the session the user switched to). */
  private switches(event: ServerEvent): boolean {
    if (event.type !== 'session' || (this.switching?.to !== undefined && event.sessionId !== this.switching.to)) return false;
    this.switching = undefined;

    return true;
  }

  /**
   * Runs a call to the backend, putting its failure where the panel shows problems (undefined comes back then). A
   * later success does not clear it: the user dismisses it, or a newer problem replaces it.
   */
  async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (err) {
      this.problem.value = err instanceof BackendError ? err.message : String(err);

      return undefined;
    }
  }
}
