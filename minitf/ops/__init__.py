"""Op families: each op's shape rule, kernel, gradient and builder, by family."""
