from samklang.learning import access as access  # registers its kinds with the access module
