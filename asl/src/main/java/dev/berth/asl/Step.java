package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What running one state gives: its effective output and the next state's name (null: the end of its machine or branch). */
record Step(JsonNode output, String next) {
}
