/**
 * The administration API: self-serve signup, the platform's tenant lifecycle, and blueprint installs. It sits above
 * tenancy (the tenant registry and blueprints) and policy (capabilities and the access policy).
 */
package io.talentos.admin;
