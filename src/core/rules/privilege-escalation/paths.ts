/**
 * Known IAM privilege-escalation paths, after Rhino Security Labs' research, the iam-vulnerable
 * project and pathfinding.cloud. A path applies when every one of its actions is allowed (on a
 * resource it can abuse); alternatives are written as separate paths.
 */
export interface EscalationPath {
  readonly id: string;
  readonly actions: readonly string[];
  readonly how: string;
}

const passRole = 'iam:PassRole';

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  { id: 'create-policy-version', actions: ['iam:CreatePolicyVersion'], how: 'write a new default version of a customer-managed policy attached to itself' },
  { id: 'set-default-policy-version', actions: ['iam:SetDefaultPolicyVersion'], how: 'switch a customer-managed policy to a more permissive earlier version' },
  { id: 'create-access-key', actions: ['iam:CreateAccessKey'], how: 'mint access keys for a more privileged user' },
  { id: 'create-login-profile', actions: ['iam:CreateLoginProfile'], how: 'set a console password on a more privileged user' },
  { id: 'update-login-profile', actions: ['iam:UpdateLoginProfile'], how: "reset a more privileged user's console password" },
  { id: 'attach-user-policy', actions: ['iam:AttachUserPolicy'], how: 'attach AdministratorAccess to a user' },
  { id: 'attach-group-policy', actions: ['iam:AttachGroupPolicy'], how: 'attach AdministratorAccess to a group it belongs to' },
  { id: 'attach-role-policy', actions: ['iam:AttachRolePolicy'], how: 'attach AdministratorAccess to a role it can use' },
  { id: 'put-user-policy', actions: ['iam:PutUserPolicy'], how: 'write an inline admin policy on a user' },
  { id: 'put-group-policy', actions: ['iam:PutGroupPolicy'], how: 'write an inline admin policy on a group' },
  { id: 'put-role-policy', actions: ['iam:PutRolePolicy'], how: 'write an inline admin policy on a role' },
  { id: 'add-user-to-group', actions: ['iam:AddUserToGroup'], how: 'join a privileged group' },
  { id: 'update-assume-role-policy', actions: ['iam:UpdateAssumeRolePolicy'], how: "rewrite a privileged role's trust policy to let itself assume it" },
  { id: 'passrole-ec2', actions: [passRole, 'ec2:RunInstances'], how: 'launch an instance with a privileged instance profile and read its credentials' },
  { id: 'passrole-ec2-spot', actions: [passRole, 'ec2:RequestSpotInstances'], how: 'request a spot instance with a privileged instance profile' },
  { id: 'passrole-lambda-invoke', actions: [passRole, 'lambda:CreateFunction', 'lambda:InvokeFunction'], how: 'create a function running as a privileged role and invoke it' },
  { id: 'passrole-lambda-event-source', actions: [passRole, 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], how: 'create a function running as a privileged role, triggered by an event source' },
  { id: 'passrole-lambda-add-permission', actions: [passRole, 'lambda:CreateFunction', 'lambda:AddPermission'], how: 'create a function running as a privileged role and let itself invoke it' },
  { id: 'lambda-update-code', actions: ['lambda:UpdateFunctionCode'], how: "replace an existing function's code and act as its role" },
  { id: 'passrole-glue-dev-endpoint', actions: [passRole, 'glue:CreateDevEndpoint'], how: 'create a Glue development endpoint with a privileged role and log in' },
  { id: 'glue-update-dev-endpoint', actions: ['glue:UpdateDevEndpoint'], how: "add its SSH key to an existing Glue endpoint and use that endpoint's role" },
  { id: 'passrole-glue-job', actions: [passRole, 'glue:CreateJob', 'glue:StartJobRun'], how: 'run a Glue job as a privileged role' },
  { id: 'passrole-cloudformation', actions: [passRole, 'cloudformation:CreateStack'], how: 'create a stack that a privileged role deploys' },
  { id: 'passrole-cloudformation-changeset', actions: [passRole, 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], how: 'execute a change set as a privileged role' },
  { id: 'cloudformation-update-stack', actions: ['cloudformation:UpdateStack'], how: 'update an existing stack whose service role is privileged' },
  { id: 'passrole-datapipeline', actions: [passRole, 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'], how: 'run commands in a data pipeline as a privileged role' },
  { id: 'passrole-codebuild', actions: [passRole, 'codebuild:CreateProject', 'codebuild:StartBuild'], how: 'run a build as a privileged service role' },
  { id: 'codebuild-start-build-override', actions: ['codebuild:StartBuild', 'codebuild:UpdateProject'], how: "change an existing project's buildspec and run it as its role" },
  { id: 'passrole-sagemaker-notebook', actions: [passRole, 'sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'], how: 'open a notebook running as a privileged role' },
  { id: 'sagemaker-presigned-notebook', actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'], how: "open an existing notebook and use its role's credentials" },
  { id: 'passrole-ecs-run-task', actions: [passRole, 'ecs:RegisterTaskDefinition', 'ecs:RunTask'], how: 'run a task whose task role is privileged' },
  { id: 'passrole-ecs-service', actions: [passRole, 'ecs:RegisterTaskDefinition', 'ecs:CreateService'], how: 'start a service whose task role is privileged' },
  { id: 'passrole-autoscaling', actions: [passRole, 'autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'], how: 'launch instances with a privileged instance profile through Auto Scaling' },
  { id: 'ssm-send-command', actions: ['ssm:SendCommand'], how: 'run commands on instances and use their instance profiles' },
  { id: 'ssm-start-session', actions: ['ssm:StartSession'], how: 'open a shell on instances and use their instance profiles' },
  { id: 'ec2-instance-connect', actions: ['ec2-instance-connect:SendSSHPublicKey'], how: 'push an SSH key to instances and use their instance profiles' },
];
