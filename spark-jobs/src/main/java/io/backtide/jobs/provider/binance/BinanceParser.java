package io.backtide.jobs.provider.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.backtide.core.Candle;
import io.backtide.jobs.provider.MalformedBodyException;
import io.backtide.jobs.provider.SourceRow;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Binance JSON bodies with a streaming parser (a page is ~150 KB; trees would double the
 * cost). Anything that is not the documented shape is {@link MalformedBodyException}: a broken body
 * must fail the job, never pass for an empty page.
 */
final class BinanceParser {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern SOURCE =
      Pattern.compile("\\s*\\([^()]*\\[Source:[^\\]]*\\][^()]*\\)");

  private BinanceParser() {}

  /**
   * {@code [[openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades,
   * "takerBuyBase", "takerBuyQuote", "ignore"], ...]}, the extras in {@code meta} ({@link
   * BinanceMeta}).
   */
  static List<SourceRow> klines(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      expect(p, p.nextToken(), JsonToken.START_ARRAY, "a JSON array of klines");
      List<SourceRow> rows = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
        long openTime = longValue(p, "open time");
        double open = number(p, "open");
        double high = number(p, "high");
        double low = number(p, "low");
        double close = number(p, "close");
        double volume = number(p, "volume");
        long closeTime = longValue(p, "close time");
        String quoteVolume = decimal(p, "quote asset volume");
        long trades = longValue(p, "number of trades");
        String takerBase = decimal(p, "taker buy base asset volume");
        String takerQuote = decimal(p, "taker buy quote asset volume");
        skipRest(p);
        rows.add(
            new SourceRow(
                new Candle(Instant.ofEpochMilli(openTime), open, high, low, close, volume),
                BinanceMeta.kline(closeTime, quoteVolume, trades, takerBase, takerQuote)));
      }
      expect(p, t, JsonToken.END_ARRAY, "another kline array or the end of the list");
      expectEnd(p);
      return rows;
    } catch (IOException | IllegalArgumentException e) {
      throw new MalformedBodyException("klines body", detail(e), e);
    }
  }

  /**
   * {@code [{"a": aggId, "p": "price", "q": "qty", "f": firstId, "l": lastId, "T": timeMs, "m":
   * buyerMaker, ...}, ...]}.
   */
  static List<Trade> aggTrades(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      expect(p, p.nextToken(), JsonToken.START_ARRAY, "a JSON array of aggregate trades");
      List<Trade> trades = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        trades.add(trade(p));
      }
      expect(p, t, JsonToken.END_ARRAY, "another trade object or the end of the list");
      expectEnd(p);
      return trades;
    } catch (IOException | IllegalArgumentException e) {
      throw new MalformedBodyException("aggTrades body", detail(e), e);
    }
  }

  /** The parser's own words, without its location dump (which spans lines and quotes source). */
  private static String detail(Exception e) {
    if (e instanceof JsonProcessingException j) {
      String words = SOURCE.matcher(j.getOriginalMessage()).replaceAll("");
      return j.getLocation() == null
          ? words
          : words + " at byte " + j.getLocation().getByteOffset();
    }
    return e.getMessage();
  }

  /** One aggregate trade as Binance reports it (time in milliseconds). */
  record Trade(
      long id,
      long timeMs,
      double price,
      double quantity,
      long firstId,
      long lastId,
      boolean buyerMaker) {
    String meta() {
      return BinanceMeta.aggTrade(id, firstId, lastId, buyerMaker);
    }
  }

  private static Trade trade(JsonParser p) throws IOException {
    Long id = null;
    Long time = null;
    Double price = null;
    Double quantity = null;
    Long first = null;
    Long last = null;
    Boolean maker = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "a" -> id = longValue(p, value, "a (trade id)");
        case "T" -> time = longValue(p, value, "T (time)");
        case "p" -> price = number(p, value, "p (price)");
        case "q" -> quantity = number(p, value, "q (quantity)");
        case "f" -> first = longValue(p, value, "f (first trade id)");
        case "l" -> last = longValue(p, value, "l (last trade id)");
        case "m" -> maker = bool(value, "m (is buyer maker)");
        default -> p.skipChildren();
      }
    }
    expect(p, p.currentToken(), JsonToken.END_OBJECT, "the end of a trade object");
    if (id == null || time == null || price == null || quantity == null) {
      throw new IllegalArgumentException("a trade lacks one of the fields a, T, p, q");
    }
    if (first == null || last == null || maker == null) {
      throw new IllegalArgumentException("trade " + id + " lacks one of the fields f, l, m");
    }
    return new Trade(id, time, price, quantity, first, last, maker);
  }

  private static boolean bool(JsonToken t, String what) {
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    throw new IllegalArgumentException(what + " is " + t + ", expected true or false");
  }

  private static long longValue(JsonParser p, String what) throws IOException {
    return longValue(p, p.nextToken(), what);
  }

  private static long longValue(JsonParser p, JsonToken t, String what) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException(what + " is " + t + ", expected an integer");
    }
    return p.getLongValue();
  }

  /** A decimal field's text, checked to be a number. */
  private static String decimal(JsonParser p, String what) throws IOException {
    number(p, p.nextToken(), what);
    return p.getText();
  }

  private static double number(JsonParser p, String what) throws IOException {
    return number(p, p.nextToken(), what);
  }

  private static double number(JsonParser p, JsonToken t, String what) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String text = p.getText();
      try {
        return Decimals.parse(text, 0, text.length());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " '" + text + "' is not a number");
      }
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    throw new IllegalArgumentException(what + " is " + t + ", expected a decimal string");
  }

  private static void skipRest(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IllegalArgumentException("the body ends inside a kline");
      }
      p.skipChildren();
    }
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken wanted, String what) {
    if (actual != wanted) {
      throw new IllegalArgumentException(
          "expected "
              + what
              + " but found "
              + actual
              + " at byte "
              + p.currentLocation().getByteOffset());
    }
  }

  private static void expectEnd(JsonParser p) throws IOException {
    JsonToken after = p.nextToken();
    if (after != null) {
      throw new IllegalArgumentException("unexpected " + after + " after the end of the list");
    }
  }
}
