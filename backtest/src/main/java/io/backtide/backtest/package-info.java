/** The competitor's backtest library: client, runner, tracker contract, metrics. */
package io.backtide.backtest;
