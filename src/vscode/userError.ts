// An error meant for the user as it stands: a clear sentence and the actions that may fix it.

export type UserAction = 'Retry' | 'Open Settings' | 'Show Log' | 'Create Local Store' | 'Connect to Tracking Server' | 'Manage Workspace Trust' | 'Start Tracking Server' | 'Set Artifact Store Credentials';

export class UserError extends Error {
  readonly actions: UserAction[];

  constructor(message: string, actions: UserAction[] = ['Show Log']) {
    super(message);
    this.actions = actions;
    this.name = 'UserError';
  }
}
