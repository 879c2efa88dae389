# Turns the text file IN into a C++ function NAME() returning it as a std::string_view (in
# namespace esc::domain), written to OUT only when it changed.
file(READ "${IN}" text)
set(body "#include <string_view>\nnamespace esc::domain {\nstd::string_view ${NAME}() {\n  static constexpr std::string_view text = R\"esc_text(${text})esc_text\";\n  return text;\n}\n}\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
