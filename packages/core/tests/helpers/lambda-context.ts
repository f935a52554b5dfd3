export { fakeLambdaContext as fakeContext } from '@sosw/testing';
