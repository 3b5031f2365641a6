/**
 * Tenant isolation in the database: the thread's tenant scope and the data source that hands it to PostgreSQL's
 * row-level security. Every other module may depend on it; it depends on none.
 */
package io.talentos.isolation;
