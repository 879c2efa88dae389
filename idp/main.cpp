#include "app/cli.hpp"

int main(int argc, char** argv) {
    return esc::app::run_cli(argc, argv);
}
