export { startTestSmtpServer, unusedPort, type ReceivedMail, type TestSmtpServer } from './test-smtp-server.js';
export { parseTextMail, type ParsedText } from './mime-text.js';
