/**
 * Known IAM privilege-escalation paths, as data. Written from a study of the public catalogues
 * (DataDog's pathfinding.cloud, BishopFox iam-vulnerable, Rhino Security Labs' research as pacu
 * and Parliament carry it, cloudsplaining, prowler's privilege-escalation library); the
 * definitions and wording are ours.
 *
 * A path applies when every one of its actions is allowed on a resource it can abuse and, for
 * `iam:PassRole`, to one of the services in `passRoleTo`. Alternatives are separate paths, so each
 * has one fixed set of actions; a variant that needs a superset of another path's actions is
 * listed only when a catalogue lists it on its own (it names a different attack).
 */

/** What a resource must be for the action to be abusable (`RESOURCE_CONSTRAINTS` says how it is judged). */
export type ResourceConstraint =
  /** A customer-managed policy: AWS-managed policies cannot be rewritten. */
  | 'customer-managed-policy'
  /** Another user than the caller: `user/${aws:username}` only reaches itself. */
  | 'other-user'
  /** A role Gatehouse does not govern: `*`, or an account outside the catalog. */
  | 'ungoverned-role';

export interface EscalationPath {
  /** Ours and permanent: messages, docs and tests refer to it. */
  readonly id: string;
  /** Public catalogue ids, `<catalogue>:<id>`; the first is shown in the message. Empty when only we list it. */
  readonly publicIds: readonly string[];
  /** Every action the path needs, `iam:PassRole` included. */
  readonly actions: readonly string[];
  /** Service principals the passed role must be allowed to go to (any one completes the path). */
  readonly passRoleTo?: readonly string[];
  /** Per action (as written in `actions`): the resources it is abusable on. Unlisted actions: any. */
  readonly targets?: Readonly<Record<string, ResourceConstraint>>;
  /** One line: what the holder does with it. */
  readonly how: string;
  /** The service no longer exists: listed for completeness, never reported. */
  readonly retired?: string;
}

const passRole = 'iam:PassRole';
const EC2 = 'ec2.amazonaws.com';

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  // IAM: rewriting its own or another principal's permissions.
  { id: 'create-policy-version', publicIds: ['pathfinding:iam-001', 'iam-vulnerable:privesc1', 'pacu:CreateNewPolicyVersion', 'prowler:CreatePolicyVersion'], actions: ['iam:CreatePolicyVersion'], targets: { 'iam:CreatePolicyVersion': 'customer-managed-policy' }, how: 'write a new default version of a customer-managed policy attached to itself' },
  { id: 'set-default-policy-version', publicIds: ['iam-vulnerable:privesc2', 'pacu:SetExistingDefaultPolicyVersion', 'prowler:SetDefaultPolicyVersion'], actions: ['iam:SetDefaultPolicyVersion'], targets: { 'iam:SetDefaultPolicyVersion': 'customer-managed-policy' }, how: 'switch a customer-managed policy to a more permissive earlier version' },
  { id: 'create-access-key', publicIds: ['pathfinding:iam-002', 'iam-vulnerable:privesc4', 'pacu:CreateAccessKey'], actions: ['iam:CreateAccessKey'], targets: { 'iam:CreateAccessKey': 'other-user' }, how: 'mint access keys for a more privileged user' },
  { id: 'rotate-access-key', publicIds: ['pathfinding:iam-003', 'prowler:CreateAccessKey+DeleteAccessKey'], actions: ['iam:CreateAccessKey', 'iam:DeleteAccessKey'], targets: { 'iam:CreateAccessKey': 'other-user', 'iam:DeleteAccessKey': 'other-user' }, how: 'delete one of a privileged user\'s two keys to make room, then mint its own' },
  { id: 'create-login-profile', publicIds: ['pathfinding:iam-004', 'iam-vulnerable:privesc5', 'pacu:CreateLoginProfile'], actions: ['iam:CreateLoginProfile'], targets: { 'iam:CreateLoginProfile': 'other-user' }, how: 'set a console password on a more privileged user' },
  { id: 'update-login-profile', publicIds: ['pathfinding:iam-006', 'iam-vulnerable:privesc6', 'pacu:UpdateLoginProfile'], actions: ['iam:UpdateLoginProfile'], targets: { 'iam:UpdateLoginProfile': 'other-user' }, how: "reset a more privileged user's console password" },
  { id: 'attach-user-policy', publicIds: ['pathfinding:iam-008', 'iam-vulnerable:privesc7', 'pacu:AttachUserPolicy'], actions: ['iam:AttachUserPolicy'], how: 'attach AdministratorAccess to a user' },
  { id: 'attach-group-policy', publicIds: ['pathfinding:iam-010', 'iam-vulnerable:privesc8', 'pacu:AttachGroupPolicy'], actions: ['iam:AttachGroupPolicy'], how: 'attach AdministratorAccess to a group it belongs to' },
  { id: 'attach-role-policy', publicIds: ['pathfinding:iam-009', 'iam-vulnerable:privesc9', 'pacu:AttachRolePolicy'], actions: ['iam:AttachRolePolicy'], how: 'attach AdministratorAccess to a role it can use' },
  { id: 'put-user-policy', publicIds: ['pathfinding:iam-007', 'iam-vulnerable:privesc10', 'pacu:PutUserPolicy'], actions: ['iam:PutUserPolicy'], how: 'write an inline admin policy on a user' },
  { id: 'put-group-policy', publicIds: ['pathfinding:iam-011', 'iam-vulnerable:privesc11', 'pacu:PutGroupPolicy'], actions: ['iam:PutGroupPolicy'], how: 'write an inline admin policy on a group' },
  { id: 'put-role-policy', publicIds: ['pathfinding:iam-005', 'iam-vulnerable:privesc12', 'pacu:PutRolePolicy'], actions: ['iam:PutRolePolicy'], how: 'write an inline admin policy on a role' },
  { id: 'add-user-to-group', publicIds: ['pathfinding:iam-013', 'iam-vulnerable:privesc13', 'pacu:AddUserToGroup'], actions: ['iam:AddUserToGroup'], how: 'join a privileged group' },
  { id: 'update-assume-role-policy', publicIds: ['pathfinding:iam-012', 'iam-vulnerable:privesc14', 'pacu:UpdateRolePolicyToAssumeIt'], actions: ['iam:UpdateAssumeRolePolicy'], how: "rewrite a privileged role's trust policy to let itself assume it" },
  { id: 'delete-role-permissions-boundary', publicIds: [], actions: ['iam:DeleteRolePermissionsBoundary'], how: 'remove the permissions boundary that caps a role (its own included), releasing everything its policies allow' },
  { id: 'put-role-permissions-boundary', publicIds: [], actions: ['iam:PutRolePermissionsBoundary'], how: "replace a role's permissions boundary with a permissive policy" },
  { id: 'delete-user-permissions-boundary', publicIds: [], actions: ['iam:DeleteUserPermissionsBoundary'], how: 'remove the permissions boundary that caps a user' },
  { id: 'put-user-permissions-boundary', publicIds: [], actions: ['iam:PutUserPermissionsBoundary'], how: "replace a user's permissions boundary with a permissive policy" },
  { id: 'attach-role-policy-assume', publicIds: ['pathfinding:iam-014', 'prowler:AssumeRole+AttachRolePolicy'], actions: ['iam:AttachRolePolicy', 'sts:AssumeRole'], how: 'attach AdministratorAccess to a role that trusts it, then assume that role' },
  { id: 'put-role-policy-assume', publicIds: ['pathfinding:iam-017', 'prowler:AssumeRole+PutRolePolicy'], actions: ['iam:PutRolePolicy', 'sts:AssumeRole'], how: 'write an inline admin policy on a role that trusts it, then assume that role' },
  { id: 'create-policy-version-assume', publicIds: ['pathfinding:iam-016', 'prowler:AssumeRole+CreatePolicyVersion'], actions: ['iam:CreatePolicyVersion', 'sts:AssumeRole'], targets: { 'iam:CreatePolicyVersion': 'customer-managed-policy' }, how: 'rewrite the policy of a role that trusts it, then assume that role' },
  { id: 'attach-user-policy-access-key', publicIds: ['pathfinding:iam-015', 'prowler:AttachUserPolicy+CreateAccessKey'], actions: ['iam:AttachUserPolicy', 'iam:CreateAccessKey'], targets: { 'iam:CreateAccessKey': 'other-user' }, how: 'make another user an administrator and mint access keys for it' },
  { id: 'put-user-policy-access-key', publicIds: ['pathfinding:iam-018', 'prowler:PutUserPolicy+CreateAccessKey'], actions: ['iam:PutUserPolicy', 'iam:CreateAccessKey'], targets: { 'iam:CreateAccessKey': 'other-user' }, how: 'write an admin policy on another user and mint access keys for it' },
  { id: 'attach-role-policy-trust', publicIds: ['pathfinding:iam-019', 'prowler:AttachRolePolicy+UpdateAssumeRolePolicy'], actions: ['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'], how: 'make any role an administrator and rewrite its trust policy to assume it' },
  { id: 'create-policy-version-trust', publicIds: ['pathfinding:iam-020', 'prowler:CreatePolicyVersion+UpdateAssumeRolePolicy'], actions: ['iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy'], targets: { 'iam:CreatePolicyVersion': 'customer-managed-policy' }, how: "rewrite a role's policy and its trust policy, then assume it" },
  { id: 'put-role-policy-trust', publicIds: ['pathfinding:iam-021', 'prowler:PutRolePolicy+UpdateAssumeRolePolicy'], actions: ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'], how: 'write an admin policy on any role and rewrite its trust policy to assume it' },

  // STS: assuming roles nobody reviewed.
  { id: 'assume-root', publicIds: [], actions: ['sts:AssumeRoot'], how: 'open a root session on a member account of the organization (centralised root access)' },
  { id: 'assume-ungoverned-role', publicIds: ['pathfinding:sts-001', 'iam-vulnerable:privesc-AssumeRole'], actions: ['sts:AssumeRole'], targets: { 'sts:AssumeRole': 'ungoverned-role' }, how: 'assume any role that trusts its account, including roles Gatehouse does not govern' },

  // EC2 and Auto Scaling: code on an instance reads the instance profile's credentials.
  { id: 'passrole-ec2', publicIds: ['pathfinding:ec2-001', 'iam-vulnerable:privesc3', 'pacu:CreateEC2WithExistingIP', 'prowler:PassRole+EC2'], actions: [passRole, 'ec2:RunInstances'], passRoleTo: [EC2], how: 'launch an instance with a privileged instance profile and read its credentials' },
  { id: 'passrole-ec2-spot', publicIds: ['pathfinding:ec2-003', 'prowler:PassRole+EC2SpotInstances'], actions: [passRole, 'ec2:RequestSpotInstances'], passRoleTo: [EC2], how: 'request a spot instance with a privileged instance profile' },
  { id: 'ec2-user-data', publicIds: ['pathfinding:ec2-002', 'prowler:EC2ModifyInstanceAttribute'], actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'], how: "replace a stopped instance's user data so that its next boot runs its code as the instance profile" },
  { id: 'ec2-launch-template-version', publicIds: ['pathfinding:ec2-004', 'prowler:EC2ModifyLaunchTemplate'], actions: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'], how: 'make a new default launch-template version with its own user data, run by every instance launched from it' },
  { id: 'ec2-instance-connect', publicIds: ['pathfinding:ec2instanceconnect-003', 'iam-vulnerable:privesc-ec2InstanceConnect', 'prowler:EC2InstanceConnect+SendSSHPublicKey'], actions: ['ec2-instance-connect:SendSSHPublicKey'], how: 'push an SSH key to instances and use their instance profiles' },
  { id: 'passrole-autoscaling', publicIds: ['prowler:PassRole+CreateAutoScaling'], actions: [passRole, 'autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'], passRoleTo: [EC2], how: 'launch instances with a privileged instance profile through an Auto Scaling launch configuration' },
  { id: 'passrole-autoscaling-update', publicIds: ['prowler:PassRole+UpdateAutoScaling'], actions: [passRole, 'autoscaling:CreateLaunchConfiguration', 'autoscaling:UpdateAutoScalingGroup'], passRoleTo: [EC2], how: 'point an existing Auto Scaling group at a launch configuration with a privileged instance profile' },
  { id: 'ssm-send-command', publicIds: ['pathfinding:ssm-002', 'iam-vulnerable:privesc-ssmSendCommand', 'prowler:SSMSendCommand'], actions: ['ssm:SendCommand'], how: 'run commands on instances and use their instance profiles' },
  { id: 'ssm-create-association', publicIds: [], actions: ['ssm:CreateAssociation'], how: 'associate a command document with instances, which run it as their instance profile' },
  { id: 'ec2-serial-console', publicIds: [], actions: ['ec2-instance-connect:SendSerialConsoleSSHPublicKey'], how: "log in on an instance's serial console and use its instance profile" },
  { id: 'ssm-start-session', publicIds: ['pathfinding:ssm-001', 'iam-vulnerable:privesc-ssmStartSession', 'prowler:SSMStartSession'], actions: ['ssm:StartSession'], how: 'open a shell on instances and use their instance profiles' },
  { id: 'passrole-ssm-automation', publicIds: [], actions: [passRole, 'ssm:StartAutomationExecution'], passRoleTo: ['ssm.amazonaws.com'], how: 'run an automation document that calls AWS APIs as a privileged role' },
  { id: 'passrole-imagebuilder', publicIds: [], actions: [passRole, 'imagebuilder:CreateInfrastructureConfiguration', 'imagebuilder:CreateImage'], passRoleTo: [EC2, 'imagebuilder.amazonaws.com'], how: 'build an image on an instance with a privileged instance profile, running its own build components' },

  // Lambda.
  { id: 'passrole-lambda-invoke', publicIds: ['pathfinding:lambda-001', 'iam-vulnerable:privesc15', 'pacu:PassExistingRoleToNewLambdaThenInvoke', 'prowler:PassRole+CreateLambda+Invoke'], actions: [passRole, 'lambda:CreateFunction', 'lambda:InvokeFunction'], passRoleTo: ['lambda.amazonaws.com'], how: 'create a function running as a privileged role and invoke it' },
  { id: 'passrole-lambda-event-source', publicIds: ['pathfinding:lambda-002', 'pacu:PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo', 'prowler:PassRole+CreateLambda+ExistingDynamo'], actions: [passRole, 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], passRoleTo: ['lambda.amazonaws.com'], how: 'create a function running as a privileged role, triggered by an event source' },
  { id: 'passrole-lambda-new-table', publicIds: ['iam-vulnerable:privesc16', 'pacu:PassExistingRoleToNewLambdaThenTriggerWithNewDynamo', 'prowler:PassRole+CreateLambda+NewDynamo'], actions: [passRole, 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping', 'dynamodb:CreateTable', 'dynamodb:PutItem'], passRoleTo: ['lambda.amazonaws.com'], how: 'create a function running as a privileged role and trigger it from a table stream it creates' },
  { id: 'passrole-lambda-add-permission', publicIds: ['pathfinding:lambda-006', 'prowler:PassRole+CreateLambda+AddPermission'], actions: [passRole, 'lambda:CreateFunction', 'lambda:AddPermission'], passRoleTo: ['lambda.amazonaws.com'], how: 'create a function running as a privileged role and let itself invoke it' },
  { id: 'lambda-update-code', publicIds: ['pathfinding:lambda-003', 'iam-vulnerable:privesc17', 'pacu:EditExistingLambdaFunctionWithRole', 'prowler:lambda:UpdateFunctionCode'], actions: ['lambda:UpdateFunctionCode'], how: "replace an existing function's code and act as its role" },
  { id: 'lambda-update-code-invoke', publicIds: ['pathfinding:lambda-004', 'prowler:UpdateFunctionCode+InvokeFunction'], actions: ['lambda:UpdateFunctionCode', 'lambda:InvokeFunction'], how: "replace an existing function's code and invoke it at once" },
  { id: 'lambda-update-code-add-permission', publicIds: ['pathfinding:lambda-005', 'prowler:UpdateFunctionCode+AddPermission'], actions: ['lambda:UpdateFunctionCode', 'lambda:AddPermission'], how: "replace an existing function's code and let itself invoke it" },
  { id: 'lambda-update-configuration', publicIds: ['prowler:lambda:UpdateFunctionConfiguration', 'rhino:lambda-layer'], actions: ['lambda:UpdateFunctionConfiguration'], how: "add its own layer or a wrapper environment variable to an existing function and run code as the function's role" },

  // Glue.
  { id: 'passrole-glue-dev-endpoint', publicIds: ['pathfinding:glue-001', 'iam-vulnerable:privesc18', 'pacu:PassExistingRoleToNewGlueDevEndpoint', 'prowler:PassRole+GlueCreateDevEndpoint'], actions: [passRole, 'glue:CreateDevEndpoint'], passRoleTo: ['glue.amazonaws.com'], how: 'create a Glue development endpoint with a privileged role and log in' },
  { id: 'glue-update-dev-endpoint', publicIds: ['pathfinding:glue-002', 'iam-vulnerable:privesc19', 'pacu:UpdateExistingGlueDevEndpoint', 'prowler:GlueUpdateDevEndpoint'], actions: ['glue:UpdateDevEndpoint'], how: "add its SSH key to an existing Glue endpoint and use that endpoint's role" },
  { id: 'passrole-glue-session', publicIds: [], actions: [passRole, 'glue:CreateSession', 'glue:RunStatement'], passRoleTo: ['glue.amazonaws.com'], how: 'open a Glue interactive session as a privileged role and run its own code in it' },
  { id: 'passrole-glue-job', publicIds: ['pathfinding:glue-003', 'prowler:PassRole+GlueCreateJob+StartJobRun'], actions: [passRole, 'glue:CreateJob', 'glue:StartJobRun'], passRoleTo: ['glue.amazonaws.com'], how: 'run a Glue job as a privileged role' },
  { id: 'passrole-glue-job-trigger', publicIds: ['pathfinding:glue-004', 'prowler:PassRole+GlueCreateJob+CreateTrigger'], actions: [passRole, 'glue:CreateJob', 'glue:CreateTrigger'], passRoleTo: ['glue.amazonaws.com'], how: 'create a Glue job as a privileged role and a trigger that runs it' },
  { id: 'passrole-glue-update-job', publicIds: ['pathfinding:glue-005', 'prowler:PassRole+GlueUpdateJob+StartJobRun'], actions: [passRole, 'glue:UpdateJob', 'glue:StartJobRun'], passRoleTo: ['glue.amazonaws.com'], how: 'give an existing Glue job a privileged role and its own script, then run it' },
  { id: 'passrole-glue-update-job-trigger', publicIds: ['pathfinding:glue-006', 'prowler:PassRole+GlueUpdateJob+CreateTrigger'], actions: [passRole, 'glue:UpdateJob', 'glue:CreateTrigger'], passRoleTo: ['glue.amazonaws.com'], how: 'give an existing Glue job a privileged role and its own script, run by a trigger it creates' },

  // CloudFormation.
  { id: 'passrole-cloudformation', publicIds: ['pathfinding:cloudformation-001', 'iam-vulnerable:privesc20', 'pacu:PassExistingRoleToCloudFormation', 'prowler:PassRole+CloudFormationCreateStack'], actions: [passRole, 'cloudformation:CreateStack'], passRoleTo: ['cloudformation.amazonaws.com'], how: 'create a stack that a privileged role deploys' },
  { id: 'cloudformation-update-stack', publicIds: ['pathfinding:cloudformation-002', 'iam-vulnerable:privesc-cloudFormationUpdateStack', 'prowler:CloudFormationUpdateStack'], actions: ['cloudformation:UpdateStack'], how: 'update an existing stack whose service role is privileged' },
  { id: 'passrole-cloudformation-stackset', publicIds: ['pathfinding:cloudformation-003', 'prowler:PassRole+CloudFormationCreateStackSet'], actions: [passRole, 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'], passRoleTo: ['cloudformation.amazonaws.com'], how: 'create a stack set deployed by a privileged administration role' },
  { id: 'passrole-cloudformation-update-stackset', publicIds: ['pathfinding:cloudformation-004', 'prowler:PassRole+CloudFormationUpdateStackSet'], actions: [passRole, 'cloudformation:UpdateStackSet'], passRoleTo: ['cloudformation.amazonaws.com'], how: 'change an existing stack set\'s template, deployed by a privileged administration role' },
  { id: 'cloudformation-change-set', publicIds: ['pathfinding:cloudformation-005', 'prowler:CloudFormationChangeSet'], actions: ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], how: 'execute a change set on an existing stack whose service role is privileged' },
  { id: 'passrole-cloudformation-changeset', publicIds: [], actions: [passRole, 'cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], passRoleTo: ['cloudformation.amazonaws.com'], how: 'create and execute a change set deployed by a privileged role it passes' },

  // Data Pipeline.
  { id: 'passrole-datapipeline', publicIds: ['pathfinding:datapipeline-001', 'iam-vulnerable:privesc21', 'pacu:PassExistingRoleToNewDataPipeline', 'prowler:PassRole+DataPipeline'], actions: [passRole, 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'], passRoleTo: ['datapipeline.amazonaws.com', EC2], how: 'run commands in a data pipeline as a privileged role' },

  // CodeBuild, CodePipeline, CodeDeploy.
  { id: 'passrole-codebuild', publicIds: ['pathfinding:codebuild-001', 'iam-vulnerable:privesc-codeBuildCreateProjectPassRole', 'prowler:PassRole+CodeBuildCreateProject+StartBuild'], actions: [passRole, 'codebuild:CreateProject', 'codebuild:StartBuild'], passRoleTo: ['codebuild.amazonaws.com'], how: 'run a build as a privileged service role' },
  { id: 'passrole-codebuild-batch', publicIds: ['pathfinding:codebuild-004', 'prowler:PassRole+CodeBuildCreateProject+StartBuildBatch'], actions: [passRole, 'codebuild:CreateProject', 'codebuild:StartBuildBatch'], passRoleTo: ['codebuild.amazonaws.com'], how: 'run a batch build as a privileged service role' },
  { id: 'codebuild-start-build-override', publicIds: ['pathfinding:codebuild-002', 'prowler:CodeBuildStartBuild'], actions: ['codebuild:StartBuild'], how: "start an existing project's build with its own buildspec override and act as the project's role" },
  { id: 'codebuild-start-build-batch-override', publicIds: ['pathfinding:codebuild-003', 'prowler:CodeBuildStartBuildBatch'], actions: ['codebuild:StartBuildBatch'], how: "start an existing project's batch build with its own buildspec override and act as the project's role" },
  { id: 'codebuild-update-project', publicIds: [], actions: ['codebuild:UpdateProject', 'codebuild:StartBuild'], how: "change an existing project's buildspec and run it as its role" },
  { id: 'passrole-codepipeline', publicIds: [], actions: [passRole, 'codepipeline:CreatePipeline', 'codepipeline:StartPipelineExecution'], passRoleTo: ['codepipeline.amazonaws.com'], how: 'run a pipeline as a privileged role, deploying what it chooses' },
  { id: 'codedeploy-deployment', publicIds: [], actions: ['codedeploy:CreateDeployment'], how: "deploy its own lifecycle hooks to the instances of an existing deployment group and run them as their instance profile" },

  // ECS and Batch.
  { id: 'passrole-ecs-run-task', publicIds: ['pathfinding:ecs-004', 'prowler:PassRole+ECS+RegisterTaskDef+RunTask'], actions: [passRole, 'ecs:RegisterTaskDefinition', 'ecs:RunTask'], passRoleTo: ['ecs-tasks.amazonaws.com'], how: 'run a task whose task role is privileged' },
  { id: 'passrole-ecs-start-task', publicIds: ['pathfinding:ecs-005', 'prowler:PassRole+ECS+RegisterTaskDef+StartTask'], actions: [passRole, 'ecs:RegisterTaskDefinition', 'ecs:StartTask'], passRoleTo: ['ecs-tasks.amazonaws.com'], how: 'start a task on a container instance with a privileged task role' },
  { id: 'passrole-ecs-service', publicIds: ['pathfinding:ecs-003', 'prowler:PassRole+ECS+RegisterTaskDef+CreateService'], actions: [passRole, 'ecs:RegisterTaskDefinition', 'ecs:CreateService'], passRoleTo: ['ecs-tasks.amazonaws.com'], how: 'start a service whose task role is privileged' },
  { id: 'passrole-ecs-new-cluster-service', publicIds: ['pathfinding:ecs-001'], actions: [passRole, 'ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'], passRoleTo: ['ecs-tasks.amazonaws.com'], how: 'create a cluster and a service on it whose task role is privileged' },
  { id: 'passrole-ecs-new-cluster-task', publicIds: ['pathfinding:ecs-002'], actions: [passRole, 'ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'], passRoleTo: ['ecs-tasks.amazonaws.com'], how: 'create a cluster and run a task on it whose task role is privileged' },
  { id: 'passrole-ecs-run-task-override', publicIds: ['prowler:PassRole+ECS+RunTask'], actions: [passRole, 'ecs:RunTask'], passRoleTo: ['ecs-tasks.amazonaws.com'], how: "run an existing task definition with a privileged task role and its own command as overrides" },
  { id: 'passrole-ecs-container-instance', publicIds: ['prowler:PassRole+ECS+StartTask'], actions: [passRole, 'ecs:StartTask', 'ecs:RegisterContainerInstance', 'ecs:DeregisterContainerInstance'], passRoleTo: ['ecs-tasks.amazonaws.com'], how: 'register its own container instance and have tasks with privileged roles started on it' },
  { id: 'ecs-execute-command', publicIds: ['prowler:ECS+ExecuteCommand'], actions: ['ecs:ExecuteCommand'], how: 'open a shell in a running task and use its task role' },
  { id: 'passrole-batch-job', publicIds: [], actions: [passRole, 'batch:RegisterJobDefinition', 'batch:SubmitJob'], passRoleTo: ['ecs-tasks.amazonaws.com', 'batch.amazonaws.com'], how: 'submit a Batch job whose job role is privileged' },
  { id: 'passrole-batch-compute-environment', publicIds: [], actions: [passRole, 'batch:CreateComputeEnvironment', 'batch:CreateJobQueue', 'batch:SubmitJob'], passRoleTo: [EC2, 'batch.amazonaws.com'], how: 'create a compute environment whose instances carry a privileged instance profile and run jobs on it' },

  // SageMaker.
  { id: 'passrole-sagemaker-notebook', publicIds: ['pathfinding:sagemaker-001', 'iam-vulnerable:privesc-sageMakerCreateNotebookPassRole', 'prowler:PassRole+SageMakerCreateNotebookInstance'], actions: [passRole, 'sagemaker:CreateNotebookInstance'], passRoleTo: ['sagemaker.amazonaws.com'], how: 'create a notebook running as a privileged role' },
  { id: 'passrole-sagemaker-training', publicIds: ['pathfinding:sagemaker-002', 'iam-vulnerable:privesc-sageMakerCreateTrainingJob', 'prowler:PassRole+SageMakerCreateTrainingJob'], actions: [passRole, 'sagemaker:CreateTrainingJob'], passRoleTo: ['sagemaker.amazonaws.com'], how: 'run a training job whose container runs its code as a privileged role' },
  { id: 'passrole-sagemaker-processing', publicIds: ['pathfinding:sagemaker-003', 'iam-vulnerable:privesc-sageMakerCreateProcessingJob', 'prowler:PassRole+SageMakerCreateProcessingJob'], actions: [passRole, 'sagemaker:CreateProcessingJob'], passRoleTo: ['sagemaker.amazonaws.com'], how: 'run a processing job whose container runs its code as a privileged role' },
  { id: 'sagemaker-presigned-notebook', publicIds: ['pathfinding:sagemaker-004', 'iam-vulnerable:privesc-sageMakerCreatePresignedNotebookURL', 'prowler:SageMakerCreatePresignedNotebookInstanceUrl'], actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'], how: "open an existing notebook and use its role's credentials" },
  { id: 'sagemaker-presigned-domain-url', publicIds: [], actions: ['sagemaker:CreatePresignedDomainUrl'], how: "open SageMaker Studio as an existing user profile and use its execution role" },
  { id: 'sagemaker-notebook-lifecycle', publicIds: ['pathfinding:sagemaker-005', 'prowler:SageMakerNotebookLifecycleConfig'], actions: ['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StartNotebookInstance'], how: "attach its own lifecycle script to an existing notebook and restart it, running the script as the notebook's role" },

  // Other compute that runs caller code as a passed role.
  { id: 'passrole-apprunner', publicIds: ['pathfinding:apprunner-001', 'prowler:PassRole+AppRunnerCreateService'], actions: [passRole, 'apprunner:CreateService'], passRoleTo: ['tasks.apprunner.amazonaws.com'], how: 'create an App Runner service whose instance role is privileged' },
  { id: 'apprunner-update-service', publicIds: ['pathfinding:apprunner-002', 'prowler:AppRunnerUpdateService'], actions: ['apprunner:UpdateService'], how: "change an existing App Runner service's image or start command and act as its instance role" },
  { id: 'passrole-bedrock-code-interpreter', publicIds: ['pathfinding:bedrock-001', 'prowler:PassRole+AgentCoreCreateInterpreter+InvokeInterpreter'], actions: [passRole, 'bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'], passRoleTo: ['bedrock-agentcore.amazonaws.com'], how: 'create a Bedrock AgentCore code interpreter with a privileged execution role and run code in it' },
  { id: 'bedrock-code-interpreter-session', publicIds: ['pathfinding:bedrock-002', 'prowler:AgentCoreSessionInvoke'], actions: ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'], how: "run code in an existing AgentCore code interpreter and use its execution role" },
  { id: 'passrole-emr-cluster', publicIds: [], actions: [passRole, 'elasticmapreduce:RunJobFlow'], passRoleTo: ['elasticmapreduce.amazonaws.com', EC2], how: 'start an EMR cluster whose instances carry a privileged instance profile and run its steps' },
  { id: 'passrole-emr-serverless', publicIds: [], actions: [passRole, 'emr-serverless:CreateApplication', 'emr-serverless:StartJobRun'], passRoleTo: ['emr-serverless.amazonaws.com'], how: 'run an EMR Serverless job whose runtime role is privileged' },
  { id: 'passrole-gamelift', publicIds: [], actions: [passRole, 'gamelift:CreateBuild', 'gamelift:CreateFleet'], passRoleTo: ['gamelift.amazonaws.com'], how: 'upload a game server build and run it on a fleet whose instance role is privileged' },
  { id: 'passrole-kinesis-analytics', publicIds: [], actions: [passRole, 'kinesisanalytics:CreateApplication', 'kinesisanalytics:StartApplication'], passRoleTo: ['kinesisanalytics.amazonaws.com'], how: 'run a Managed Flink application whose code runs as a privileged service execution role' },
  { id: 'passrole-step-functions', publicIds: [], actions: [passRole, 'states:CreateStateMachine', 'states:StartExecution'], passRoleTo: ['states.amazonaws.com'], how: 'run a state machine that calls AWS APIs as a privileged role' },
  { id: 'passrole-scheduler', publicIds: [], actions: [passRole, 'scheduler:CreateSchedule'], passRoleTo: ['scheduler.amazonaws.com'], how: 'schedule a universal target that calls any AWS API as a privileged role' },
  { id: 'passrole-beanstalk', publicIds: [], actions: [passRole, 'elasticbeanstalk:CreateApplication', 'elasticbeanstalk:CreateEnvironment'], passRoleTo: [EC2, 'elasticbeanstalk.amazonaws.com'], how: 'deploy an application whose instances carry a privileged instance profile' },

  // Cognito identity pools: unauthenticated identities receive the pool's role.
  { id: 'passrole-cognito-identity-pool', publicIds: [], actions: [passRole, 'cognito-identity:SetIdentityPoolRoles'], passRoleTo: ['cognito-identity.amazonaws.com'], how: "make a privileged role an identity pool's unauthenticated role and fetch its credentials without signing in" },
  { id: 'passrole-cognito-new-identity-pool', publicIds: [], actions: [passRole, 'cognito-identity:CreateIdentityPool', 'cognito-identity:SetIdentityPoolRoles'], passRoleTo: ['cognito-identity.amazonaws.com'], how: 'create an identity pool that hands out a privileged role to anyone' },
  { id: 'cognito-open-identity-pool', publicIds: [], actions: ['cognito-identity:UpdateIdentityPool'], how: "turn on unauthenticated access to an existing identity pool and fetch its role's credentials" },

  // Retired: listed so the catalogue stays complete; the service accepts no calls any more.
  { id: 'codestar-create-project-from-template', publicIds: ['pacu:CodeStarCreateProjectFromTemplate'], actions: ['codestar:CreateProjectFromTemplate'], how: 'create a project from a template that provisions a privileged role', retired: 'AWS CodeStar was discontinued on 2024-07-31' },
  { id: 'passrole-codestar', publicIds: ['pacu:PassExistingRoleToNewCodeStarProject', 'prowler:PassRole+CodeStar'], actions: [passRole, 'codestar:CreateProject'], passRoleTo: ['codestar.amazonaws.com'], how: 'create a project whose toolchain runs as a privileged role', retired: 'AWS CodeStar was discontinued on 2024-07-31' },
  { id: 'codestar-associate-team-member', publicIds: ['pacu:CodeStarCreateProjectThenAssociateTeamMember'], actions: ['codestar:CreateProject', 'codestar:AssociateTeamMember'], how: "create a project and make itself its owner, gaining the project's managed policies", retired: 'AWS CodeStar was discontinued on 2024-07-31' },
];

/** The paths a lint run reports: every path on a service that still exists. */
export const ACTIVE_PATHS: readonly EscalationPath[] = ESCALATION_PATHS.filter((path) => path.retired === undefined);

/** `pathfinding:iam-001` → `iam-001 (pathfinding.cloud)`: how a public id reads in a message. */
const CATALOGUE_NAMES: Readonly<Record<string, string>> = {
  pathfinding: 'pathfinding.cloud',
  'iam-vulnerable': 'iam-vulnerable',
  pacu: 'pacu',
  prowler: 'prowler',
  rhino: 'Rhino Security Labs',
};

export function describePublicId(publicId: string): string {
  const at = publicId.indexOf(':');
  const catalogue = publicId.slice(0, at);
  return `${publicId.slice(at + 1)} (${CATALOGUE_NAMES[catalogue] ?? catalogue})`;
}
