package io.backtide.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** What a notebook run left behind: the script's exit status and log, and the executed copy. */
record ExecutedNotebook(int exitCode, String log, Path path) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every rich output (display data and results) of the given MIME type, in cell order. */
  List<String> outputs(String mimeType) throws IOException {
    var found = new ArrayList<String>();
    for (JsonNode output : allOutputs()) {
      JsonNode data = output.path("data").path(mimeType);
      if (!data.isMissingNode()) {
        found.add(text(data));
      }
    }
    return found;
  }

  /** All text the cells printed to stdout, concatenated. */
  String stdout() throws IOException {
    var text = new StringBuilder();
    for (JsonNode output : allOutputs()) {
      if (output.path("output_type").asText().equals("stream")
          && output.path("name").asText().equals("stdout")) {
        text.append(text(output.path("text")));
      }
    }
    return text.toString();
  }

  /** The decoded bytes of every image/png output. */
  List<byte[]> pngs() throws IOException {
    var images = new ArrayList<byte[]>();
    for (String base64 : outputs("image/png")) {
      images.add(Base64.getMimeDecoder().decode(base64));
    }
    return images;
  }

  int cellsWithErrors() throws IOException {
    int count = 0;
    for (JsonNode output : allOutputs()) {
      if (output.path("output_type").asText().equals("error")) {
        count++;
      }
    }
    return count;
  }

  private List<JsonNode> allOutputs() throws IOException {
    var outputs = new ArrayList<JsonNode>();
    for (JsonNode cell : JSON.readTree(path.toFile()).path("cells")) {
      cell.path("outputs").forEach(outputs::add);
    }
    return outputs;
  }

  /** nbformat stores multi-line text either as one string or as a list of lines. */
  private static String text(JsonNode node) {
    if (!node.isArray()) {
      return node.asText();
    }
    var joined = new StringBuilder();
    node.forEach(line -> joined.append(line.asText()));
    return joined.toString();
  }
}
