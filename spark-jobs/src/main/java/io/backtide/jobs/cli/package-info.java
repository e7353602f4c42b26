/** The command line shared by the job applications: {@code --name value} pairs and their checks. */
package io.backtide.jobs.cli;
