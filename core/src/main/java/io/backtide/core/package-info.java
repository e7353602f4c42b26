/** Feed vocabulary shared by every Backtide module: feed keys, granularities, candles, ranges. */
package io.backtide.core;
