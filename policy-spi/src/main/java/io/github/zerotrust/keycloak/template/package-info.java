/**
 * Roadmap templates (foundation, intermediate, advanced): the rules each one adds, their parameters, and the plan
 * that turns a template and a plain model of a realm into the changes an install makes. Pure: no Keycloak types.
 */
package io.github.zerotrust.keycloak.template;
