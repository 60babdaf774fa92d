/** Terraform addresses of Gatehouse resources: derived in the desired state, which checks that none is shared. */
export { identityAddress, secretAddress } from '../src/core/desired/terraform-addresses.js';
