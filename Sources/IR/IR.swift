import Parser
