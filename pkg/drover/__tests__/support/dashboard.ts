// What the dashboard integration's tests share: the backend's HTTP chat (POST /api/chat) answering direct commands
// with recorded results, one session across the requests, as the backend's JSON reply carries a turn's events.
import type { ReadResult, ServerEvent } from '@drover/protocol';
import type { RecordedRequest, ScriptedBackend } from './chat';
import { fixtureResult } from './panel';

/** A recorded view's name (`fixtures/views/<name>.json`), or the result itself. */
type Answer = string | ReadResult | { error: string };

const SESSION = 'diag-1';

/** Answers each command text with its result; unknown commands as the backend answers a bad one (an error event). */
export function answerDirectCommands(backend: ScriptedBackend, answers: Record<string, Answer>): RecordedRequest[] {
  let seq = 0;
  let turns = 0;
  const next = () => ({ seq: ++seq });

  backend.answer('POST /api/chat', (request) => {
    const { text } = request.body as { text: string };
    const turnId = `turn-${ ++turns }`;
    const answer = answers[text] ?? { error: `unknown command ${ text }` };
    const refused = typeof answer === 'object' && 'error' in answer;
    const events: ServerEvent[] = [{
      type: 'turn_start', sessionId: SESSION, turnId, text, direct: true, ...next()
    }];

    if (refused) {
      events.push({
        type: 'error', turnId, code: 'bad_request', message: answer.error, retryable: false, ...next()
      });
    } else {
      const fixture = typeof answer === 'string' ? require(`../fixtures/views/${ answer }.json`) : { tool: 'k8s_describe', arguments: {} };
      const result = typeof answer === 'string' ? fixtureResult(answer) : answer;

      events.push({
        type: 'tool_call', turnId, callId: `call-${ turns }`, tool: fixture.tool, arguments: fixture.arguments, readOnly: true, cluster: 'c-m-1', ...next()
      }, {
        type: 'tool_result', turnId, callId: `call-${ turns }`, tool: fixture.tool, ...result, durationMs: 40, ...next()
      });
    }
    events.push({
      type: 'turn_end', turnId, reason: refused ? 'failed' : 'answered', tokens: { prompt: 0, completion: 0 }, durationMs: 50, ...next()
    });

    return {
      json: {
        sessionId: SESSION, turnId, status: 'done', answer: '', events
      }
    };
  });

  return backend.requests;
}
