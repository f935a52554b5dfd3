export {
  startWorkerAssistantRecorder as startAssistantRecorder,
  WORKER_ASSISTANT_NAME as ASSISTANT,
} from '@sosw/testing';
