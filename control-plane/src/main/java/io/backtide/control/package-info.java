/** Control plane: REST API, web page, job launcher and recovery. */
package io.backtide.control;
